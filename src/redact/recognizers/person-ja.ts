import type { PatternSpec, Recognizer } from '../recognizer.ts';
import { alternation, JAPANESE_SURNAMES } from './surnames.ts';

// Kanji (々 repeats the one before, 佐々木), katakana and the middle dot of foreign names (ジョン・スミス), which
// also marks list items, so a name never starts with it
const nameStart = '[一-龯々ァ-ヶー]';
const nameChar = '[一-龯々ァ-ヶー・]';
const nameRun = (max: number): string => `${nameStart}${nameChar}{0,${max - 1}}`;
const kanji = '[一-龯々]';
const surname = `(?:${alternation(JAPANESE_SURNAMES)})`;
// 氏 but not 氏名 (name), 様 but not 様式 (form) or 様子 (look)
const honorifics = ' ?(?:様(?![式子])|さま|さん|殿|氏(?!名)|先生|くん|君|ちゃん)';
const roles = '(?:部長|課長|係長|社長|店長|主任|専務|常務|次長|室長|所長|支店長)';
const selfIntroduction = '(?:と申します|と申す者|といいます|と言います)';
const greeting = '(?:お世話になっております|お世話になります|お疲れ様です|こんにちは|はじめまして|初めまして)';
const desu = '(?:です|でございます)';
const labels = '(?:お名前|名前|氏名|担当者?|ご契約者|契約者名?|申込者|申請者|依頼者|ご依頼者|購入者|受取人|宛名)';
// Japanese text has kana (or 様, which Chinese writes 样/樣); Chinese text has none, and there 先生 follows a name
// with no kana around it to say where the name starts.
const KANA = /[ぁ-ゖァ-ヺ様]/;

/**
 * Words a name cue follows that are not names: people by role (お客様, 店員さん, 担当者様), 仕様 (specification),
 * 同様 (likewise), 皆様 (everyone), family words (お母さん) and a few more. Matched against the whole span.
 */
const NOT_NAMES: ReadonlySet<string> = new Set(
  `客 皆 奥 神 王 仏 担当 会員 各位 仕 同 模 多 異 各 一 左 貴 御 遠 陰 子 皆々 貴社 御社 弊社 当社 彼 某 両 諸
  父 母 兄 姉 弟 妹 嬢 娘 息子 赤 爺 婆 祖父 祖母 叔父 叔母 伯父 伯母 大家 運転手 医師 看護師 窓口 相手 先方 田舎
  患者 生徒 学生 先輩 後輩 同僚 上司 部下 友人 家族 主人 本人 旦那 女将 神主 子供 坊 疲 苦労 世話 馳走 愁傷 得意
  取引先 依頼主 会社 店舗 外部 担当窓口 社長 部長 課長 店長 会長 院長 校長 所長 駅長 係長 室長 次長 館長 先生 人
  スタッフ オペレーター サポート ドライバー ユーザー メンバー オーナー ゲスト マネージャー カスタマー センター`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);

/** A span ending in one of these is a role or an organisation (購入者様, 店員さん, 販売店様, 八百屋さん), not a name. */
const NOT_NAME_ENDINGS = /[者員店社局所庁署校館屋手]$/;

/** Words that start with a one-character family name (原, 関, 林, 森): 原因です is not 原さん. */
const NOT_NAME_STARTS = /^(?:原因|原則|原本|原価|原文|原稿|原料|原状|関係|関連|関数|関東|関西|森林|林業)/;

/** How a name is spelled in a pattern: as one word (up to `max` characters), or family and given name apart. */
interface NameSpelling {
  readonly word: string;
  readonly spaced: string;
}

/** Any kanji or katakana run: 山田太郎, ジョン・スミス; 九条 玲子. */
const anyRun: NameSpelling = { word: nameRun(8), spaced: `${nameRun(4)} ${nameRun(4)}` };
/** A run starting at a listed family name: 山田太郎; 山田 太郎. */
const surnameRun: NameSpelling = { word: `${surname}${kanji}{0,3}`, spaced: `${surname} ${kanji}{1,3}` };
/** Kanji only, for the weak cues that the family name validates. */
const kanjiRun: NameSpelling = { word: `${kanji}{1,4}`, spaced: `${kanji}{1,3} ${kanji}{1,3}` };

function bothSpellings(
  name: string,
  pattern: (spelling: string) => string,
  score: number,
  spelling: NameSpelling = anyRun,
): PatternSpec[] {
  return [
    { name, regex: new RegExp(pattern(spelling.word), 'gm'), score },
    { name: `${name}-spaced`, regex: new RegExp(pattern(spelling.spaced), 'gm'), score },
  ];
}

/**
 * Japanese person names by cue (Japanese writes no spaces, so the capitalised-pair rules of person.ts see nothing):
 * an honorific after the name (様, さん, 氏, 先生, くん, ちゃん), a role after a family name (田中部長), a
 * self-introduction (と申します; 〜です at the start of a sentence when the name starts with a common family name),
 * a name label (お名前：) and a signature line holding only a name. Where the name starts with a family name of
 * JAPANESE_SURNAMES the span starts there (昨日田中さん → 田中) and scores higher.
 */
export const japanesePersonRecognizer: Recognizer = {
  name: 'person-ja',
  type: 'PERSON',
  appliesTo: (text) => KANA.test(text),
  // Each cue comes twice: for a name written as one word and for family and given name with a space between them
  // (九条 玲子様); one optional group around a quantified run would nest quantifiers (test/redact/redos.test.ts).
  patterns: [
    // the run of kanji/katakana before the honorific: 山田太郎様, ジョン・スミス様
    ...bothSpellings('honorific', (name) => `(${name})${honorifics}`, 0.7),
    // the same, starting at a family name, so a word glued before it stays (本日山田様 → 山田)
    ...bothSpellings('honorific-surname', (name) => `(${name})${honorifics}`, 0.75, surnameRun),
    ...bothSpellings('role', (name) => `(${name}) ?${roles}`, 0.7, surnameRun),
    ...bothSpellings('self-introduction', (name) => `(${name})${selfIntroduction}`, 0.75),
    // お世話になっております、真田です: the greeting that opens most Japanese mails, then who writes
    ...bothSpellings('greeting-desu', (name) => `${greeting}[。、!\\s]{1,3}(${name})${desu}`, 0.7),
    // 山田太郎です。/ 私は山田でございます at the start of a sentence: only with a common family name (validate)
    ...bothSpellings('desu', (name) => `(?:^|[。、!?\\s]|私は|わたしは|わたくしは)(${name})${desu}`, 0.3, kanjiRun),
    // お名前：山田太郎, 氏名: 山田 太郎 (the fold turns the full-width colon and space into ASCII)
    ...bothSpellings('label', (name) => `${labels}\\s{0,3}[:]\\s{0,3}(${name})`, 0.7),
    // a signature line: 山田 太郎 (validated by the family name)
    ...bothSpellings('signature-line', (name) => `^[ \\t]{0,8}(${name})[ \\t]{0,8}$`, 0.3, kanjiRun),
  ],
  invalidate: (value) => NOT_NAMES.has(value) || NOT_NAME_ENDINGS.test(value) || NOT_NAME_STARTS.test(value),
  validatedScore: 0.75,
  validate: (value) => (startsWithSurname(value) ? true : undefined),
};

const SURNAME_START = new RegExp(`^${surname}`);

function startsWithSurname(value: string): boolean {
  return SURNAME_START.test(value);
}
