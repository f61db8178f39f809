import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileRules, matchRules, suggestTags, urgencyFromKeywords } from '../../src/rules/index.ts';
import { parseTaxonomy } from '../../src/taxonomy/index.ts';

const taxonomy = parseTaxonomy(readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8'));
const ruleSet = compileRules(taxonomy);

describe('matchRules on the default taxonomy', () => {
  it.each([
    ['en', 'My account was hacked last night', 'security'],
    ['de', 'Unser Konto wurde GEHACKT!', 'security'],
    ['fr', 'Mon compte a été piraté ce matin', 'security'],
    ['es', 'Me hackearon la cuenta', 'security'],
    ['ja', 'アカウントに不正アクセスがありました', 'security'],
    ['vi', 'Tài khoản của tôi bị hack', 'security'],
    ['en', 'There is an unauthorized charge on my card', 'fraud'],
    ['de', 'Das ist Betrug, ich habe nichts gekauft', 'fraud'],
    ['fr', 'Un prélèvement non autorisé sur mon compte', 'fraud'],
    ['es', 'Hay un cargo no autorizado', 'fraud'],
    ['ja', '身に覚えのない請求があります', 'fraud'],
    ['vi', 'Có giao dịch trái phép trên thẻ', 'fraud'],
    ['en', 'Under GDPR please delete all my data', 'legal_privacy'],
    ['de', 'Auskunftsersuchen nach DSGVO', 'legal_privacy'],
    ['fr', 'Je demande mon droit à l’oubli', 'legal_privacy'],
    ['es', 'Ejerzo mi derecho al olvido', 'legal_privacy'],
    ['ja', '弁護士に相談します', 'legal_privacy'],
    ['vi', 'Tôi sẽ nhờ luật sư', 'legal_privacy'],
    ['en', 'The dashboard is down for everyone', 'outage'],
    ['de', 'Die Plattform ist nicht erreichbar', 'outage'],
    ['fr', 'Le service est en panne', 'outage'],
    ['es', 'El servicio está caído', 'outage'],
    ['ja', 'システム障害が起きています', 'outage'],
    ['vi', 'Hệ thống bị sập từ sáng', 'outage'],
    ['en', 'We will switch to a competitor next month', 'churn_risk'],
  ])('forces %s "%s" to %s', (_language, text, label) => {
    expect(matchRules(ruleSet, text)[0]?.label).toBe(label);
  });

  it.each([
    ['a plain how-to', 'How do I change my password?'],
    ['"down" alone', 'Please scroll down to the button'],
    ['a keyword inside a longer word', 'The fraudster movie was great'.replace('fraudster', 'defraudation')],
    ['Vietnamese "điều kiện" (condition)', 'Điều kiện sử dụng là gì?'],
    ['SAP the software', 'Our SAP connector needs a new field'],
  ])('does not fire on %s', (_case, text) => {
    expect(matchRules(ruleSet, text)).toEqual([]);
  });

  it('names the rule and the taxonomy keyword that matched, not the ticket text', () => {
    const [match] = matchRules(ruleSet, 'ACCOUNT TAKEOVER!!! please help');
    expect(match).toMatchObject({
      ruleId: 'security_account_takeover',
      label: 'security',
      matched: 'account takeover',
      urgency: 'urgent',
    });
  });

  it('orders several firing rules by priority, highest first', () => {
    const labels = matchRules(ruleSet, 'Outage for all users and my account was hacked, GDPR breach').map(
      (m) => m.label,
    );
    expect(labels).toEqual(['security', 'legal_privacy', 'outage']);
  });

  it('fires a rule restricted to languages only on tickets detected in one of them', () => {
    const custom = parseTaxonomy(
      readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8').replace(
        /\nrules:\n/,
        '\nrules:\n  - { id: dach_billing, description: DACH billing desk, label: billing, priority: 100, keywords: [rechnung], languages: [de] }\n',
      ),
    );
    const rules = compileRules(custom);
    const fired = (language: string | null) =>
      matchRules(rules, 'Rechnung falsch', language).some((match) => match.ruleId === 'dach_billing');
    expect(fired('de')).toBe(true);
    expect(fired('nl')).toBe(false);
    expect(fired(null)).toBe(false);
    expect(() =>
      parseTaxonomy(
        readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8').replace(
          /\nrules:\n/,
          '\nrules:\n  - { id: bad, description: bad, label: billing, keywords: [x], languages: [german] }\n',
        ),
      ),
    ).toThrow(/languages/);
  });

  it('matches a rule pattern case-insensitively', () => {
    const custom = parseTaxonomy(
      readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8').replace(
        /\nrules:\n/,
        '\nrules:\n  - { id: cve_report, description: CVE ids, label: security, priority: 100, patterns: ["cve-\\\\d{4}-\\\\d{4,}"] }\n',
      ),
    );
    expect(matchRules(compileRules(custom), 'Are you affected by CVE-2024-3094?')[0]).toMatchObject({
      ruleId: 'cve_report',
    });
  });

  it.each([
    ['Khmer', 'លួចចូល', 'គណនីរបស់ខ្ញុំត្រូវបានគេលួចចូលកាលពីយប់មិញ'],
    ['Lao', 'ຖືກແຮັກ', 'ບັນຊີຂອງຂ້ອຍຖືກແຮັກແລ້ວ'],
    ['Burmese', 'ဟက်ခံရ', 'ကျွန်ုပ်၏အကောင့်ဟက်ခံရသည်'],
    ['Thai', 'ถูกแฮก', 'บัญชีของฉันถูกแฮกเมื่อคืน'],
  ])('matches a %s keyword inside text without spaces, as the tokenizer splits it', (_script, keyword, text) => {
    const custom = parseTaxonomy(
      readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8').replace(
        /\nrules:\n/,
        `\nrules:\n  - { id: unspaced, description: unspaced script, label: security, priority: 100, keywords: ["${keyword}"] }\n`,
      ),
    );
    expect(matchRules(compileRules(custom), text)[0]).toMatchObject({ ruleId: 'unspaced', matched: keyword });
  });
});

describe('tag and urgency keywords', () => {
  it.each([
    ['I want a refund and the invoice', ['refund', 'invoice']],
    ['Rückerstattung bitte', ['refund']],
    ['パスワードを忘れました', ['password_reset']],
    ['Tôi cần hoàn tiền', ['refund']],
  ])('suggests tags for "%s"', (text, tags) => {
    expect(suggestTags(ruleSet, text)).toEqual(tags);
  });

  // The same problems, asked in five languages: a ticket without spaces gets the tags an English one gets.
  it.each([
    ['en', 'The API hits the rate limit and returns 502 on every page.', ['api', 'downtime']],
    ['ja', 'APIのレート制限に達して、すべてのページで502エラーが出ます。', ['api', 'downtime']],
    ['zh', 'API接口一直返回502错误，所有页面都无法访问。', ['api', 'downtime']],
    ['de', 'Die API meldet bei jeder Seite 502, Rate Limit erreicht.', ['api', 'downtime']],
    ['es', 'La API devuelve 502 en cada página, llegamos al rate limit.', ['api', 'downtime']],
    ['en', 'I would like a refund, the invoice amount is wrong.', ['refund', 'invoice']],
    ['ja', '請求書の金額が違うので返金をお願いします。', ['refund', 'invoice']],
    ['zh', '发票上的金额不对，我想申请退款。', ['refund', 'invoice']],
    ['de', 'Ich möchte eine Rückerstattung, die Rechnung ist falsch.', ['refund', 'invoice']],
    ['es', 'Quiero un reembolso, la factura está mal.', ['refund', 'invoice']],
    ['en', 'The iPhone app is slow since the update.', ['performance', 'mobile']],
    ['ja', 'アップデート後、iPhoneアプリが遅いです。', ['performance', 'mobile']],
    ['zh', '更新后手机应用太慢了。', ['performance', 'mobile']],
    ['en', 'How do I export our data as CSV?', ['data_export']],
    ['ja', 'CSVでデータをダウンロードする方法を教えてください。', ['data_export']],
    ['zh', '如何导出CSV数据？', ['data_export']],
  ])('suggests the same tags for a %s ticket: "%s"', (_language, text, tags) => {
    expect(suggestTags(ruleSet, text)).toEqual(tags);
  });

  it.each([
    ['a Latin keyword glued to kana or kanji', 'APIのエラー', ['api']],
    ['a number glued to katakana', '503エラー', ['downtime']],
    ['but not a Latin keyword inside a Latin word', 'rapid growth', []],
    ['nor a number inside a longer number', 'order 15023', []],
  ])('matches word-bounded keywords with %s', (_case, text, tags) => {
    expect(suggestTags(ruleSet, text)).toEqual(tags);
  });

  it.each([
    ['Please fix this ASAP', 'high'],
    ['We have data loss, fix it immediately, asap', 'urgent'],
    ['至急対応してください', 'high'],
    ['Whenever you have time', null],
  ])('raises urgency for "%s" to %s', (text, level) => {
    expect(urgencyFromKeywords(ruleSet, text)).toBe(level);
  });
});
