import { act, fireEvent, screen, within } from '@testing-library/react';

/**
 * The correction combobox's text field, by its (possibly visually hidden) label. Garden keeps the input `hidden`
 * behind its placeholder until the field is clicked, so it is found by its label rather than by role.
 */
export function labelPicker(name: string | RegExp, container: HTMLElement = document.body): HTMLInputElement {
  const input = within(container).getByLabelText<HTMLInputElement>(name, { selector: 'input' });
  if (input.getAttribute('role') !== 'combobox') throw new Error('the label names no combobox');
  return input;
}

/** Clicks the field as a person does (Garden's trigger wraps the input), which shows the input and the list. */
function open(input: HTMLInputElement): void {
  if (input.getAttribute('aria-expanded') === 'true') return;
  fireEvent.click(input.closest('[data-garden-id="dropdowns.combobox.container"]') ?? input);
}

/** Opens the picker, types `query` (empty: the whole list) and returns the option names it offers. */
export async function offeredLabels(input: HTMLInputElement, query = ''): Promise<string[]> {
  await act(async () => {
    open(input);
    fireEvent.change(input, { target: { value: query } });
  });
  return (await screen.findAllByRole('option')).map((option) => option.textContent ?? '');
}

/** Types `query` into the picker and clicks the offered label named `name`. */
export async function pickLabel(input: HTMLInputElement, name: string, query = ''): Promise<void> {
  await offeredLabels(input, query);
  const option = (await screen.findAllByRole('option')).find((candidate) => candidate.textContent === name);
  if (!option) throw new Error(`no option ${name}`);
  await act(async () => fireEvent.click(option));
}
