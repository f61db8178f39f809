import { describe, expect, it } from 'vitest';
import { detectLanguage, languageOf, languageText, type LanguageModel } from '../../src/language/index.ts';

/**
 * Tickets as customers write them, written for this test (no outside data set): short ones (a subject line, a few
 * words) and longer ones (subject and a sentence or two), seven languages the support teams we target see most.
 */
const TICKETS: Record<string, { short: string[]; long: string[] }> = {
  en: {
    short: [
      'I cannot log in to my account',
      'Where is my order?',
      'Refund for a double charge',
      'App crashes on start',
    ],
    long: [
      'Invoice is wrong\nThe invoice for November charges us twice for the same seats. Please correct it.',
      'Password reset email never arrives\nI asked for a reset link three times today and nothing came, not even in spam.',
      'Cancel my subscription\nWe are moving to another tool next month, please cancel before the renewal date.',
    ],
  },
  de: {
    short: [
      'Ich kann mich nicht anmelden',
      'Wo ist meine Bestellung?',
      'Rechnung doppelt bezahlt',
      'Die App stürzt ab',
    ],
    long: [
      'Falsche Rechnung\nDie Rechnung für November berechnet uns dieselben Lizenzen zweimal. Bitte korrigieren Sie das.',
      'Keine E-Mail zum Zurücksetzen\nIch habe heute dreimal einen Link angefordert und nichts ist angekommen.',
      'Abo kündigen\nWir wechseln nächsten Monat zu einem anderen Werkzeug, bitte kündigen Sie vor der Verlängerung.',
    ],
  },
  fr: {
    short: [
      'Je ne peux pas me connecter',
      'Où est ma commande ?',
      'Remboursement d’un double paiement',
      'L’application plante',
    ],
    long: [
      'Facture erronée\nLa facture de novembre nous facture deux fois les mêmes licences. Merci de la corriger.',
      'Pas de mail de réinitialisation\nJ’ai demandé un lien trois fois aujourd’hui et rien n’est arrivé.',
      'Résilier mon abonnement\nNous passons à un autre outil le mois prochain, merci de résilier avant le renouvellement.',
    ],
  },
  es: {
    short: [
      'No puedo iniciar sesión',
      '¿Dónde está mi pedido?',
      'Reembolso por cobro doble',
      'La aplicación se cierra sola',
    ],
    long: [
      'Factura incorrecta\nLa factura de noviembre nos cobra dos veces las mismas licencias. Por favor corríjanla.',
      'No llega el correo para restablecer\nPedí el enlace tres veces hoy y no ha llegado nada, ni siquiera en spam.',
      'Cancelar mi suscripción\nNos cambiamos a otra herramienta el mes que viene, cancelen antes de la renovación.',
    ],
  },
  nl: {
    short: ['Ik kan niet inloggen', 'Waar is mijn bestelling?', 'Dubbel betaald voor de factuur', 'De app loopt vast'],
    long: [
      'Factuur klopt niet\nDe factuur van november rekent dezelfde licenties twee keer. Kunnen jullie dit aanpassen?',
      'Geen mail om het wachtwoord te herstellen\nIk heb vandaag drie keer een link aangevraagd en er kwam niets.',
      'Abonnement opzeggen\nWe stappen volgende maand over op een ander programma, graag opzeggen voor de verlenging.',
    ],
  },
  it: {
    short: [
      'Non riesco ad accedere',
      'Dov’è il mio ordine?',
      'Rimborso per doppio addebito',
      'L’app si chiude da sola',
    ],
    long: [
      'Fattura sbagliata\nLa fattura di novembre ci addebita due volte le stesse licenze. Potete correggerla?',
      'Non arriva la mail per reimpostare la password\nHo chiesto il link tre volte oggi e non è arrivato niente.',
      'Disdire l’abbonamento\nIl mese prossimo passiamo a un altro strumento, disdite prima del rinnovo per favore.',
    ],
  },
  pt: {
    short: [
      'Não consigo entrar na conta',
      'Onde está o meu pedido?',
      'Reembolso de cobrança duplicada',
      'O aplicativo fecha sozinho',
    ],
    long: [
      'Fatura errada\nA fatura de novembro cobra duas vezes as mesmas licenças. Podem corrigir, por favor?',
      'O e-mail de redefinição não chega\nPedi o link três vezes hoje e não chegou nada, nem no spam.',
      'Cancelar a assinatura\nVamos mudar para outra ferramenta no mês que vem, cancelem antes da renovação, por favor.',
    ],
  },
};

type Outcome = 'right' | 'unsure' | 'wrong';

async function outcomes(kind: 'short' | 'long'): Promise<Record<Outcome, number>> {
  const counts: Record<Outcome, number> = { right: 0, unsure: 0, wrong: 0 };
  for (const [language, tickets] of Object.entries(TICKETS))
    for (const text of tickets[kind]) {
      const found = await detectLanguage(text);
      counts[found === null ? 'unsure' : found === language ? 'right' : 'wrong']++;
    }
  return counts;
}

describe('detectLanguage (eld, extrasmall tables)', () => {
  it('names the language of every longer ticket in seven languages', async () => {
    const counts = await outcomes('long');
    expect(counts).toEqual({ right: 21, unsure: 0, wrong: 0 });
  });

  it('names most short tickets and is rarely wrong: at least 26 of 28 right, at most one wrong', async () => {
    const counts = await outcomes('short');
    expect(counts.wrong).toBeLessThanOrEqual(1);
    expect(counts.unsure).toBeLessThanOrEqual(3);
    expect(counts.right).toBeGreaterThanOrEqual(26);
  });

  it.each(['Hi', 'Help', 'ok thanks', 'Thanks!!', '', '<EMAIL_1> <PHONE_1> 4111 1111', 'https://example.com/a/b/c'])(
    'answers null to %j: too little language to tell',
    async (text) => {
      expect(await detectLanguage(text)).toBeNull();
    },
  );

  it('reads past redaction placeholders, links and numbers', async () => {
    const text =
      'Rechnung <EMAIL_1>\nBitte schicken Sie die Rechnung 2026-11-0042 an <EMAIL_2>, siehe https://example.com/x';
    expect(languageText(text)).not.toMatch(/EMAIL|https|\d/);
    expect(await detectLanguage(text)).toBe('de');
  });
});

describe('languageOf', () => {
  const model = (language: string, reliable: boolean): LanguageModel => ({
    detect: () => ({ language, isReliable: () => reliable }),
  });
  const text = 'enough letters to be read by any detector';

  it('keeps a reliable two-letter answer', () => {
    expect(languageOf(model('sv', true), text)).toBe('sv');
  });

  it.each([
    ['an unreliable guess', model('sv', false)],
    ['no language at all', model('', true)],
    ['a code that is not ISO 639-1', model('zh-Hant', true)],
  ])('answers null to %s', (_name, stand) => {
    expect(languageOf(stand, text)).toBeNull();
  });

  it('does not ask the model about too short a text', () => {
    let asked = 0;
    const counting: LanguageModel = {
      detect: () => {
        asked++;
        return { language: 'en', isReliable: () => true };
      },
    };
    expect(languageOf(counting, 'Hi there')).toBeNull();
    expect(asked).toBe(0);
  });
});
