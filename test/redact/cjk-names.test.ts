import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ticket } from '../../src/contract/index.ts';
import { parsePlantedNames, scorePlantedNames } from '../../src/evaluate/index.ts';
import { analyze, redact, redactTicket } from '../../src/redact/index.ts';
import { clip } from '../../src/text/index.ts';
import { prepareTicket } from '../../src/triage/index.ts';

/** PERSON values found in `text`, as substrings of the original. */
function names(text: string, knownNames: readonly string[] = []): string[] {
  return analyze(text, { knownNames })
    .filter((finding) => finding.type === 'PERSON')
    .map((finding) => text.slice(finding.start, finding.end));
}

function plantedSet(file: string): ReturnType<typeof parsePlantedNames> {
  return parsePlantedNames(readFileSync(join(import.meta.dirname, 'planted-names', file), 'utf8'));
}

describe('Japanese names', () => {
  it.each([
    ['a name opening the ticket before です (issue 15)', '山田太郎です。メールが届きません', '山田太郎'],
    ['a family name before 様, with a word glued before it', '本日山田様からお電話がありました', '山田'],
    ['a full name before 様 with a space inside', '九条 玲子様の住所を更新してください', '九条 玲子'],
    ['a name before さん', '先日高橋さんに対応いただきました', '高橋'],
    ['a name before 氏', '木村氏から連絡がありました', '木村'],
    ['a name before 先生', '松本先生の講座について', '松本'],
    ['a name before くん', '井上くんのアカウント', '井上'],
    ['a katakana name with a middle dot', 'ジョン・スミス様の予約', 'ジョン・スミス'],
    ['a family name before a job title', '小林部長にご確認ください', '小林'],
    ['a self-introduction with と申します', '綾瀬と申しますが、カードが使えません', '綾瀬'],
    ['a name after the opening greeting', 'お世話になります、真田 幸子です。', '真田 幸子'],
    ['a name after a label', '申込者：遠藤 彩\nよろしくお願いします', '遠藤 彩'],
    ['a signature line', 'よろしくお願いいたします。\n山本 直樹', '山本 直樹'],
  ])('finds %s', (_name, text, value) => {
    expect(names(text)).toContain(value);
  });

  it.each([
    ['仕様 (specification) before です', '仕様ですか？それとも不具合ですか？'],
    ['同様 (likewise)', '同様の問題が他のユーザーにも発生しています。'],
    ['お客様 and 各位', 'お客様各位、メンテナンスのお知らせです。'],
    ['a role before 様', 'ご担当者様、返金の状況を教えてください。'],
    ['a role before さん', '店員さんと配達員さんの対応が良かったです。'],
    ['様式 (a form)', '申込様式をダウンロードできません。'],
    ['氏名 (name, the word)', '氏名の欄が入力できません。'],
    ['a word starting with a one-character family name', '原因が分からないので調べてください。原因です。'],
    ['family words', 'お母さんのアカウントと赤ちゃん用品'],
  ])('keeps %s', (_name, text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('Chinese names', () => {
  it.each([
    ['a full name before 先生, after a verb', '请联系王小明先生确认退款', '王小明'],
    ['a family name alone before 先生', '请联系李先生确认退款', '李'],
    ['a family name after 谢谢, which is also a family name', '谢谢王先生的帮助', '王'],
    ['a name after 我叫', '你好，我叫徐浩然，请帮我重置密码', '徐浩然'],
    ['a name after 我是, ending at a comma', '我是刘洋，想问一下发票的问题', '刘洋'],
    ['a two-character family name', '欧阳先生的包裹丢了', '欧阳'],
    ['a name after a label', '联系人：吴建国\n', '吴建国'],
    ['a traditional-script name', '我叫張家豪，帳號被盜了', '張家豪'],
    ['a family name before 经理 in traditional script', '劉經理說會在週五前回覆', '劉'],
  ])('finds %s', (_name, text, value) => {
    expect(names(text)).toContain(value);
  });

  it.each([
    ['王 in a game title', '王者荣耀的充值没有到账'],
    ['中 in 中国', '中国银行的卡绑定失败'],
    ['我是 before a role', '我是新用户，不知道怎么开发票'],
    ['我是 before a membership level starting with 黄', '我是黄金会员，为什么不能免运费？'],
    ['a job title after an ordinary word', '产品经理说下个版本会修复，请帮我联系客户经理'],
    ['高中 (high school) before 同学', '高中同学推荐我用这个软件'],
    ['马上 (at once)', '我马上就要出国了，请尽快处理'],
    ['先生们 with nothing before it', '先生们女士们，系统将在今晚维护'],
  ])('keeps %s', (_name, text) => {
    expect(names(text)).toEqual([]);
  });

  it('leaves a Japanese name before 先生 to the Japanese recognizer (the whole family name, not its last kanji)', () => {
    expect(names('山田先生に確認しました')).toEqual(['山田']);
  });
});

describe('Korean names', () => {
  it.each([
    ['a name before 님', '이서연님, 주문하신 상품이 발송되었습니다', '이서연'],
    ['a name before 씨 with a space', '최유진 씨가 어제 전화로 문의했습니다', '최유진'],
    ['a name before a job title', '정하늘 과장님께 전달 부탁드립니다', '정하늘'],
    ['a name before 고객님', '윤서준 고객님, 배송지가 변경되었습니다', '윤서준'],
    ['a name after 제 이름은', '제 이름은 박지훈이고 결제가 두 번 되었습니다', '박지훈'],
    ['a name after a greeting', '안녕하세요, 김민수입니다. 비밀번호를 잊어버렸어요', '김민수'],
    ['a sign-off', '감사합니다.\n장수빈 드림', '장수빈'],
    ['a name after a label', '이름: 임재현\n', '임재현'],
    ['a two-syllable family name', '남궁민님, 확인했습니다', '남궁민'],
  ])('finds %s', (_name, text, value) => {
    expect(names(text)).toContain(value);
  });

  it.each([
    ['고객님 (customer)', '고객님, 주문하신 상품이 발송되었습니다'],
    ['선생님 and 기사님', '선생님, 기사님이 물건을 두고 가셨어요'],
    ['문의입니다 and 이상입니다', '문의입니다. 이상입니다.'],
    ['날씨 and 마음씨', '오늘 날씨가 좋고 마음씨 좋은 직원분께 감사드립니다'],
    ['a role after 저는', '저는 신규 가입자입니다. 저는 회사원입니다.'],
    ['a word before a job title', '이번 주 안에 팀장님께 보고 부탁드립니다'],
  ])('keeps %s', (_name, text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('Vietnamese names', () => {
  it.each([
    ['a one-word name after a lower-case pronoun', 'Em đã gọi cho chị Lan hôm qua', 'Lan'],
    ['a three-word name after ông', 'Kính gửi ông Trần Văn Hùng, đơn hàng đã giao', 'Trần Văn Hùng'],
    ['a name with Văn in the middle and an unlisted family name', 'Anh Kha Văn Lộc báo lỗi đăng nhập', 'Kha Văn Lộc'],
    ['a three-word name with a listed family name, no cue', 'Lý Gia Huy đã đặt hàng', 'Lý Gia Huy'],
  ])('finds %s', (_name, text, value) => {
    expect(names(text)).toContain(value);
  });

  it.each([
    ['Việt Nam', 'Tôi ở Việt Nam, có mua được không?'],
    ['Hồ Chí Minh City', 'Giao hàng đến Hồ Chí Minh mất bao lâu?'],
    ['Đà Nẵng', 'Cửa hàng ở Đà Nẵng còn hàng không?'],
    ['a brand after a pronoun', 'Em dùng Shopee và chị dùng Zalo'],
    ['a pronoun with nothing capitalised after it', 'Anh ơi, đơn hàng của em bị hủy. Anh ấy chưa gọi.'],
  ])('keeps %s', (_name, text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('known participants in scripts without spaces', () => {
  it('redacts a known Japanese name glued to the text, spaced or not, with one placeholder', () => {
    expect(redact('山田太郎です。山田から折り返します', { knownNames: ['山田 太郎'] }).redacted).toBe(
      '<PERSON_1>です。<PERSON_1>から折り返します',
    );
  });

  it('redacts a known Chinese name and its given name alone with the full name’s placeholder', () => {
    expect(redact('王小明说小明的账户被冻结了', { knownNames: ['王小明'] }).redacted).toBe(
      '<PERSON_1>说<PERSON_1>的账户被冻结了',
    );
  });

  it('does not redact a one-character family name of a known name everywhere', () => {
    expect(redact('王者荣耀', { knownNames: ['王小明'] }).redacted).toBe('王者荣耀');
  });

  it('redacts a known Korean name followed by a particle', () => {
    expect(redact('김민수가 전화했어요', { knownNames: ['김민수'] }).redacted).toBe('<PERSON_1>가 전화했어요');
  });
});

describe('a redacted CJK ticket downstream', () => {
  const ticket = Ticket.parse({
    id: 'ja-1',
    subject: '山田太郎様の請求書',
    description: '山田太郎です。メールはtaro@example.jpです。王小明先生にも確認しました。',
    requester: { name: '山田 太郎', email: 'taro@example.jp' },
  });

  it('stores no part of the names (issue 15: 山田太郎です kept the name)', () => {
    const { ticket: redacted } = redactTicket(ticket);
    const stored = JSON.stringify(redacted);
    for (const part of ['山田', '太郎', '王小明']) expect(stored).not.toContain(part);
    expect(redacted.subject).toBe('<PERSON_1>様の請求書');
    expect(redacted.description).toBe('<PERSON_1>です。メールは<EMAIL_1>です。<PERSON_2>先生にも確認しました。');
  });

  it('gives the model text with PERSON placeholders, and clip never cuts one', async () => {
    const prepared = await prepareTicket(ticket);
    expect(prepared.text).toContain('<PERSON_1>');
    expect(prepared.text).not.toMatch(/山田|太郎/);
    for (let limit = 1; limit < prepared.text.length; limit++) {
      const clipped = clip(prepared.text, limit);
      expect(clipped.length).toBeLessThanOrEqual(limit);
      expect(clipped).not.toMatch(/<[A-Z_]*$|<PERSON_\d*…$/);
    }
  });
});

describe('the planted-names sets (test/redact/planted-names)', () => {
  // Floors a little under what the sets measure today (BENCHMARKS.md): a change that loses names or starts taking
  // ordinary words for names fails here. The held-out files were written after the recognizers were frozen.
  it.each([
    ['ja.txt', 0.85, 0.95],
    ['zh.txt', 0.85, 0.95],
    ['ko.txt', 0.85, 0.95],
    ['vi.txt', 0.95, 0.95],
    ['ja-heldout.txt', 0.85, 0.95],
    ['zh-heldout.txt', 0.9, 0.95],
    ['ko-heldout.txt', 0.95, 0.95],
    ['vi-heldout.txt', 0.95, 0.9],
  ])('%s: recall ≥ %d, precision ≥ %d', (file, recall, precision) => {
    const scores = scorePlantedNames(plantedSet(file));
    expect(scores.recall).toBeGreaterThanOrEqual(recall);
    expect(scores.precision).toBeGreaterThanOrEqual(precision);
  });

  it.each(['ja.txt', 'zh.txt', 'ko.txt', 'vi.txt'])('%s: 40+ tickets with names, 40+ without, none flagged', (file) => {
    const scores = scorePlantedNames(plantedSet(file));
    expect(scores.namedTickets).toBeGreaterThanOrEqual(40);
    expect(scores.cleanTickets).toBeGreaterThanOrEqual(40);
    expect(scores.falsePositiveTickets).toBe(0);
  });
});

describe('parsePlantedNames', () => {
  it('turns [[marks]] into PERSON spans over the unmarked text, with \\n as a line break', () => {
    expect(parsePlantedNames('# comment\n\n[[山田]]様と[[田中]]さん\\n以上\nなし\n')).toEqual([
      {
        full_text: '山田様と田中さん\n以上',
        spans: [
          { entity_type: 'PERSON', entity_value: '山田', start_position: 0, end_position: 2 },
          { entity_type: 'PERSON', entity_value: '田中', start_position: 4, end_position: 6 },
        ],
      },
      { full_text: 'なし', spans: [] },
    ]);
  });

  it('refuses an unclosed mark', () => {
    expect(() => parsePlantedNames('[[山田様')).toThrow(/unclosed/);
  });
});
