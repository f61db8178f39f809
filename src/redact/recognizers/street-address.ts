import type { Recognizer } from '../recognizer.ts';

const streetWords =
  'Street|St\\.?|Avenue|Ave\\.?|Road|Rd\\.?|Boulevard|Blvd\\.?|Lane|Ln\\.?|Drive|Dr\\.?|Court|Ct\\.?|Way|Place|Pl\\.?|Terrace|Square|Crescent|Close|Parkway|Highway|Circle|Trail|Terr|Pass|Gateway|Row|Walk|Park|Parks|Courts|Gardens|Hill|Heights|Mews|Green|Crossing|Loop|Ridge|Plaza|Alley|Bypass|Expressway';

const upper = 'A-ZÀ-ÞĀ-ſΆ-ΩЀ-Я';
const letter = 'A-Za-zÀ-ÿĀ-ſΆ-ώЀ-я';

/** Best effort: street lines in English, German, French, Spanish and Dutch styles, unit lines, ZIP codes beside a place. */
export const streetAddressRecognizer: Recognizer = {
  name: 'street-address',
  type: 'STREET_ADDRESS',
  patterns: [
    // 24 Clarke Avenue, 1600 Pennsylvania Ave NW
    { name: 'en-street', regex: new RegExp(`\\b\\d{1,5} ?\\d{0,5}[A-Za-z]? [A-Z][A-Za-z' -]{1,40} (?:${streetWords})\\b`, 'g'), score: 0.7 },
    // Hauptstraße 5, Kerkstraat 12, Bahnhofstr. 3
    { name: 'de-nl-street', regex: /\b[A-ZÄÖÜ][a-zäöüß-]{2,30}(?:straße|strasse|str\.|weg|gasse|allee|platz|straat|laan|gracht|vej|gatan|gate|väg) \d{1,4}[a-z]?\b/g, score: 0.7 },
    // 12 rue de la Paix, 5 avenue Victor Hugo, Calle Mayor 5, Via Roma 10
    { name: 'fr-street', regex: /\b\d{1,4}(?:bis|ter)?,? (?:rue|Rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai) [A-Za-zÀ-ÿ' -]{0,80}[A-ZÀ-Ý][A-Za-zÀ-ÿ'-]{1,20}\b/g, score: 0.7 },
    { name: 'es-it-street', regex: /\b(?:Calle|Avenida|Av\.|Plaza|Paseo|Carrer|Via|Viale|Piazza|Rua) [A-Za-zÀ-ÿ' -]{0,60}[A-ZÀ-Ý][A-Za-zÀ-ÿ'-]{1,20},? \d{1,4}\b/g, score: 0.7 },
    // house number before and after the street name: "28245 Puruntie 82", "450 Præstevænget 15", "10252 Μεγάλη Άμμος 184"
    { name: 'eu-street', regex: new RegExp(`\\b\\d{1,5},? [${upper}][${letter} .'-]{2,40} \\d{1,4}[a-z]?\\b`, 'g'), score: 0.55 },
    // a "Country 12345" or "City 12345" line closing an address block
    { name: 'place-zip-line', regex: /^[> ]{0,8}[A-Z][A-Za-z ]{2,30},? (\d{4,5})$/gm, score: 0.5 },
    // lowercase or unusual street names need an address cue nearby ("lives at", "address", "ship to")
    { name: 'cued-street', regex: new RegExp(`\\b(?:at|to|on|address:?|is) (\\d{1,5},? [${letter}][${letter} .'-]{2,40} \\d{1,4})\\b`, 'g'), score: 0.3 },
    { name: 'unit', regex: /\b(?:Suite|Apt\.?|Apartment|Unit|Flat|Floor) #?\d{1,5}[A-Z]?\b/g, score: 0.6 },
    { name: 'po-box', regex: /\bP\.? ?O\.? Box \d{1,6}\b/gi, score: 0.7 },
    // ZIP right after a US state code: "Austin, TX 78701"
    { name: 'us-zip', regex: /\b[A-Z]{2} (\d{5}-\d{4}|\d{5})\b/g, score: 0.5 },
  ],
  context: ['address', 'live', 'lives', 'located', 'ship', 'shipping', 'deliver', 'adresse', 'dirección', 'địa chỉ', 'street'],
};
