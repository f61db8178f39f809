/**
 * A short list of very common first names across the languages our customers write in, written
 * for this project (not copied from a name list). Used only to lift a capitalised pair
 * "Firstname Lastname" into a PERSON finding; see docs/decisions/2026-11-23-redaction-policy.md.
 */
export const COMMON_FIRST_NAMES: ReadonlySet<string> = new Set(
  `james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark
  paul steven andrew kevin brian george edward ronald timothy jason jeffrey ryan jacob gary nicholas eric jonathan
  stephen larry justin scott brandon benjamin samuel frank gregory raymond alexander patrick jack peter henry
  mary patricia jennifer linda elizabeth barbara susan jessica sarah sara karen nancy lisa betty margaret sandra ashley
  kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura cynthia
  kathleen amy shirley angela helen anna anne emma olivia sophia sophie isabella mia charlotte amelia harper
  lucas liam noah oliver elijah ethan mason logan leo hugo louis jules arthur gabriel raphael adam
  hans peter klaus jürgen stefan andreas thomas wolfgang michael sabine petra monika ursula claudia julia lena
  jean pierre michel philippe alain nicolas françois marie nathalie isabelle sylvie catherine camille chloé
  josé juan carlos luis javier miguel antonio manuel francisco pedro maría carmen lucía sofía paula elena
  giuseppe marco luca giovanni francesco alessandro giulia chiara francesca
  lars anders erik johan nils karl magnus mette hanna ingrid astrid sofie mathias jens søren
  jan piotr tomasz krzysztof katarzyna agnieszka magdalena pavel petr jana eva
  ivan sergei dmitri olga natalia tatiana irina
  minh anh hùng lan hương linh tuấn dũng
  kenji takashi hiroshi yuki haruto sakura yui
  ali mohammed ahmed fatima omar aisha`
    .split(/\s+/)
    .filter((name) => name.length > 0),
);
