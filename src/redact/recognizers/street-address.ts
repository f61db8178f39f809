import type { Recognizer } from '../recognizer.ts';
import { NUMBER_START } from '../boundaries.ts';
import { LOWER_LATIN, UPPER_LATIN } from '../letters.ts';

const streetWords =
  'Street|St\\.?|Avenue|Ave\\.?|Road|Rd\\.?|Boulevard|Blvd\\.?|Lane|Ln\\.?|Drive|Dr\\.?|Court|Ct\\.?|Way|Place|Pl\\.?|Terrace|Square|Crescent|Close|Parkway|Highway|Circle|Trail|Terr|Pass|Gateway|Row|Walk|Park|Parks|Courts|Gardens|Hill|Heights|Mews|Green|Crossing|Loop|Ridge|Plaza|Alley|Bypass|Expressway';

const upper = `${UPPER_LATIN}Ά-ΩЀ-Я`;
const letter = 'A-Za-zÀ-ÿĀ-ſΆ-ώЀ-я';
const viUpper = UPPER_LATIN;
const viLower = LOWER_LATIN;
// chōme-banchi(-gō) and a ward, city, town or district in Hepburn ("Shibuya-ku", "Sapporo-shi", "Kita-gun")
// (chōme has one or two digits, so a postcode "150-0002" is no block)
const JA_BLOCK = '\\d{1,2}-\\d{1,4}-?\\d{0,3}';
const JA_WARD = '[A-Z][a-z]{1,20}-(?:ku|shi|cho|machi|gun|mura)';

/** Best effort: street lines in English, German, French, Spanish and Dutch styles, unit lines, ZIP codes beside a place. */
export const streetAddressRecognizer: Recognizer = {
  name: 'street-address',
  type: 'STREET_ADDRESS',
  patterns: [
    // 24 Clarke Avenue, 1600 Pennsylvania Ave NW; also glued to the word before or after ("Hale24 Clarke AvenueNoah")
    {
      name: 'en-street',
      regex: new RegExp(
        `${NUMBER_START}(\\d{1,5} ?\\d{0,5}[A-Za-z]? [A-Z][A-Za-z' -]{1,40} (?:${streetWords}))(?![a-z0-9])`,
        'g',
      ),
      score: 0.7,
    },
    // Hauptstraße 5, Kerkstraat 12, Bahnhofstr. 3
    {
      name: 'de-nl-street',
      regex:
        /\b[A-ZÄÖÜ][a-zäöüß-]{2,30}(?:straße|strasse|str\.|weg|gasse|allee|platz|straat|laan|gracht|vej|gatan|gate|väg) \d{1,4}[a-z]?\b/g,
      score: 0.7,
    },
    // 12 rue de la Paix, 5 avenue Victor Hugo, Calle Mayor 5, Via Roma 10
    {
      name: 'fr-street',
      regex:
        /\b\d{1,4}(?:bis|ter)?,? (?:rue|Rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai) [A-Za-zÀ-ÿ' -]{0,80}[A-ZÀ-Ý][A-Za-zÀ-ÿ'-]{1,20}\b/g,
      score: 0.7,
    },
    {
      name: 'es-it-street',
      regex:
        /\b(?:Calle|Avenida|Av\.|Plaza|Paseo|Carrer|Via|Viale|Piazza|Rua) [A-Za-zÀ-ÿ' -]{0,60}[A-ZÀ-Ý][A-Za-zÀ-ÿ'-]{1,20},? \d{1,4}\b/g,
      score: 0.7,
    },
    // house number before and after the street name: "28245 Puruntie 82", "450 Præstevænget 15", "10252 Μεγάλη Άμμος 184"
    {
      name: 'eu-street',
      regex: new RegExp(`\\b\\d{1,5},? [${upper}][${letter} .'-]{2,40} \\d{1,4}[a-z]?\\b`, 'g'),
      score: 0.55,
    },
    // a "Country 12345" or "City 12345" line closing an address block
    { name: 'place-zip-line', regex: /^[> ]{0,8}[A-Z][A-Za-z ]{2,30},? (\d{4,5})$/gm, score: 0.5 },
    // lowercase or unusual street names need an address cue nearby ("lives at", "address", "ship to")
    {
      name: 'cued-street',
      regex: new RegExp(`\\b(?:at|to|on|address:?|is) (\\d{1,5},? [${letter}][${letter} .'-]{2,40} \\d{1,4})\\b`, 'g'),
      score: 0.3,
    },
    { name: 'unit', regex: /\b(?:Suite|Apt\.?|Apartment|Unit|Flat|Floor) #?\d{1,5}[A-Z]?\b/g, score: 0.6 },
    { name: 'po-box', regex: /\bP\.? ?O\.? Box \d{1,6}\b/gi, score: 0.7 },
    // ZIP right after a US state code: "Austin, TX 78701"
    { name: 'us-zip', regex: /\b[A-Z]{2} (\d{5}-\d{4}|\d{5})\b/g, score: 0.5 },
    // Japanese: 〒100-0005, 東京都千代田区丸の内1-2-3, 大阪府大阪市北区梅田1丁目2番3号 (full-width digits are folded to ASCII first)
    { name: 'ja-postcode', regex: /〒 ?\d{3}-?\d{4}/g, score: 0.7 },
    {
      name: 'ja-street',
      regex:
        /(?:東京都|北海道|京都府|大阪府|[一-龯]{2,3}県)[一-龯ぁ-んァ-ヶー々]{1,12}[市区町村郡][一-龯ぁ-んァ-ヶー々]{0,12}\d{1,4}(?:丁目|-)\d{1,4}(?:番地|番|-)?\d{0,4}号?/g,
      score: 0.7,
    },
    // Japanese in Latin letters, chōme-banchi-gō beside a town and a -ku/-shi ward or city, either order:
    // "1-2-3 Shibuya, Shibuya-ku", "Umeda 1-2-3, Kita-ku", "Shibuya-ku Shibuya 1-2-3"
    {
      name: 'ja-romaji-block',
      regex: new RegExp(`\\b${JA_BLOCK},? [A-Z][a-z]{2,20},? ${JA_WARD}\\b`, 'g'),
      score: 0.7,
    },
    {
      name: 'ja-romaji-town-block',
      regex: new RegExp(`\\b[A-Z][a-z]{2,20},? ${JA_BLOCK},? ${JA_WARD}\\b`, 'g'),
      score: 0.7,
    },
    {
      name: 'ja-romaji-ward-first',
      regex: new RegExp(`\\b${JA_WARD},? [A-Z][a-z]{2,20},? ${JA_BLOCK}(?![0-9])`, 'g'),
      score: 0.7,
    },
    // its postcode after the ward and prefecture ("Shibuya-ku, Tokyo 150-0002") or after a postcode word
    {
      name: 'ja-romaji-postcode',
      regex: /-(?:ku|shi|to|fu|ken|cho|machi),? [A-Z][a-z]{2,20}(?:-(?:to|fu|ken))?,? (\d{3}-\d{4})(?![0-9])/g,
      score: 0.7,
    },
    {
      name: 'ja-postcode-word',
      regex: /(?:郵便番号|\b[Pp]ostal code|\b[Pp]ostcode|\b[Zz]ip code)[ :：]{0,3}(\d{3}-\d{4})(?![0-9])/g,
      score: 0.7,
    },
    // Vietnamese: số 12 đường Lê Lợi, 45/3 phố Huế, 7 ngõ Văn Chương (number, street word, two capitalised words)
    {
      name: 'vi-street',
      regex: new RegExp(
        `(?:\\b[Ss]ố )?\\b[\\d/]{1,9}[A-Za-z]? (?:đường|Đường|phố|Phố|ngõ|Ngõ|hẻm|Hẻm|ngách|Ngách) [${viUpper}][${viLower}]{0,10} [${viUpper}][${viLower}]{0,10}`,
        'g',
      ),
      score: 0.7,
    },
  ],
  context: [
    'address',
    'live',
    'lives',
    'located',
    'ship',
    'shipping',
    'deliver',
    'adresse',
    'dirección',
    'địa chỉ',
    'street',
  ],
  // a house number never continues a date or fraction: "exp 09/28, CVV 123" is no street "28, CVV 123"
  invalidate: (_value, { text, start }) => /\d[/.-]$/.test(text.slice(Math.max(0, start - 2), start)),
};
