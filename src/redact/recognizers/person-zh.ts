import type { Recognizer } from '../recognizer.ts';
import { alternation, CHINESE_SURNAMES } from './surnames.ts';

const han = '[一-龥]';
// A Chinese name is a family name and one or two given characters; written without spaces, the family name list is
// what says where it starts ("请联系王小明先生": the match starts at 王, the first family name that the cue follows).
const surname = `(?:${alternation(CHINESE_SURNAMES)})`;
const name = `${surname}${han}{0,2}`;
const fullName = `${surname}${han}{1,2}`;
const titles = '(?:先生|女士|小姐|太太|经理|經理|老师|老師|师傅|師傅|主任|总监|總監|律师|律師|医生|醫生|教授|博士)';
// what may follow a name that stands alone: punctuation, a space, the end, or a word that starts a new clause
const after = '(?=$|[\\s,.!?;:、，。！？；：）)」』]|的|在|想|要|来|來|给|給|打|说|說|问|問|需要|申请|申請|反映)';
const KANA = /[ぁ-ゖァ-ヺ]/;
const HAN = /[一-龥]/;

/** Words a cue follows that look like a family name and one or two characters but are not people (高中同学). */
const NOT_NAMES: ReadonlySet<string> = new Set(
  `高中 金融 金牌 黄金 万能 方面 白金 石油 江湖 龙头 文化 安全 常务 关于 成本 宁愿 尚未 易用 包装 包邮 江南 夏季
  马上 白天 周末 周一 周二 周三 周四 周五 周六 周日 孙子 邱比 曾经 程序 钱包 严重 范围 任何 任务 丁点 毛病 孟买`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);

/**
 * Chinese person names by cue: a title after the name (王先生, 李经理, 张小明女士), a self-introduction before it
 * (我叫, 我是, 本人), and a name label (姓名：, 联系人：, 收件人：). Runs only on text with Han and without kana:
 * Japanese text with a name before 先生 is person-ja's.
 */
export const chinesePersonRecognizer: Recognizer = {
  name: 'person-zh',
  type: 'PERSON',
  appliesTo: (text) => HAN.test(text) && !KANA.test(text),
  patterns: [
    // one pattern per length of the given name, so that when the longest reading starts inside a word (谢谢王先生:
    // 谢谢王, 谢王) and is dropped, the shorter one (王) is still there
    { name: 'title-3', regex: new RegExp(`(${surname}${han}{2})${titles}`, 'g'), score: 0.75 },
    { name: 'title-2', regex: new RegExp(`(${surname}${han})${titles}`, 'g'), score: 0.75 },
    { name: 'title-1', regex: new RegExp(`(${surname})${titles}`, 'g'), score: 0.75 },
    // 我叫王小明 / 我的名字是 / 名叫: the name needs no edge after it
    { name: 'called', regex: new RegExp(`(?:我叫|我的名字是|我的名字叫|名叫|我姓)(${name})`, 'g'), score: 0.75 },
    // 我是王小明，: "I am" also says 我是新用户 (a new user), so the name must end at a clause edge
    { name: 'i-am', regex: new RegExp(`(?:我是|本人是|本人)(${fullName})${after}`, 'g'), score: 0.7 },
    {
      name: 'label',
      regex: new RegExp(
        `(?:姓名|联系人|聯絡人|聯繫人|收件人|收货人|收貨人|客户姓名|客戶姓名|持卡人|申请人|申請人|负责人|負責人|经办人|經辦人)\\s{0,3}[:]\\s{0,3}(${han}{2,4})`,
        'g',
      ),
      score: 0.75,
    },
  ],
  invalidate: (value, where) =>
    NOT_NAMES.has(value) || NOT_NAMES.has(value.slice(0, 2)) || insideThanks(value, where.text, where.start),
};

/** 谢 is a common family name and "thank": 谢谢王先生 and 感谢李经理 thank 王 and 李. */
function insideThanks(value: string, text: string, start: number): boolean {
  if (!value.startsWith('谢') && !value.startsWith('謝')) return false;
  const second = value.charAt(1);
  return second === '谢' || second === '謝' || '谢謝感多致答'.includes(text.charAt(start - 1) || ' ');
}
