import type { Recognizer } from '../recognizer.ts';
import { cardExpiryRecognizer } from './card-expiry.ts';
import { cardSecurityCodeRecognizer } from './card-security-code.ts';
import { creditCardRecognizer } from './credit-card.ts';
import { emailRecognizer } from './email.ts';
import { ibanRecognizer } from './iban.ts';
import { ipAddressRecognizer } from './ip-address.ts';
import { personRecognizer } from './person.ts';
import { chinesePersonRecognizer } from './person-zh.ts';
import { japanesePersonRecognizer } from './person-ja.ts';
import { koreanPersonRecognizer } from './person-ko.ts';
import { vietnamesePersonRecognizer } from './person-vi.ts';
import { nationalPhoneRecognizer } from './national-phone.ts';
import { phoneRecognizer } from './phone.ts';
import { secretRecognizer } from './secret.ts';
import { streetAddressRecognizer } from './street-address.ts';
import { urlCredentialsRecognizer } from './url-credentials.ts';
import { usDriverLicenseRecognizer } from './us-driver-license.ts';
import { usSsnRecognizer } from './us-ssn.ts';

/** Every recognizer the analyzer runs by default. */
export const defaultRecognizers: readonly Recognizer[] = [
  emailRecognizer,
  urlCredentialsRecognizer,
  secretRecognizer,
  creditCardRecognizer,
  cardSecurityCodeRecognizer,
  cardExpiryRecognizer,
  ibanRecognizer,
  ipAddressRecognizer,
  usSsnRecognizer,
  phoneRecognizer,
  nationalPhoneRecognizer,
  usDriverLicenseRecognizer,
  streetAddressRecognizer,
  personRecognizer,
  japanesePersonRecognizer,
  chinesePersonRecognizer,
  koreanPersonRecognizer,
  vietnamesePersonRecognizer,
];
