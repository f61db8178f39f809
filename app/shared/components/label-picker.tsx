import { Combobox, Field, Label, Option } from '@zendeskgarden/react-dropdowns';
import { useState } from 'react';
import type { TaxonomyView } from '../../../src/contract/index.ts';
import { useI18n } from '../i18n.tsx';
import { filterLabelChoices, labelChoices } from '../label-choices.ts';

/**
 * A searchable list of the taxonomy's labels (Garden's autocomplete combobox, filtered here as Garden leaves it to
 * the caller): typing narrows it, and choosing one calls `onPick` at once. Same order and search in the sidebar and
 * the review queue. `exclude`: the label shown now, which is no correction.
 */
export function LabelPicker(props: {
  taxonomy: TaxonomyView | null;
  exclude: string | null;
  onPick: (labelId: string) => void;
  label: string;
  /** The label for screen readers only, where the row already says what the field is for. */
  isLabelHidden?: boolean;
  disabled?: boolean;
  maxHeight?: string;
  /** What the empty field says; "Search labels" by default. */
  placeholder?: string;
}) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const choices = labelChoices(props.taxonomy, props.exclude);
  const shown = filterLabelChoices(choices, query);
  return (
    <Field>
      <Label hidden={props.isLabelHidden} isRegular>
        {props.label}
      </Label>
      <Combobox
        isAutocomplete
        isCompact
        isDisabled={props.disabled === true || choices.length === 0}
        placeholder={props.placeholder ?? t('ui.correction.placeholder')}
        listboxMaxHeight={props.maxHeight ?? '240px'}
        listboxAriaLabel={props.label}
        selectionValue={null}
        onChange={(change) => {
          if (typeof change.selectionValue === 'string') {
            // A choice is an answer, not a filled-in field: the box empties for the next ticket or a second thought.
            setQuery('');
            props.onPick(change.selectionValue);
          } else if (change.inputValue !== undefined) {
            setQuery(change.inputValue);
          }
        }}
      >
        {shown.length === 0 ? (
          <Option isDisabled label={t('ui.correction.no_match')} value="" />
        ) : (
          shown.map((choice) => <Option key={choice.id} value={choice.id} label={choice.name} />)
        )}
      </Combobox>
    </Field>
  );
}
