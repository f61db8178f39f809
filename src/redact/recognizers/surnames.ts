/**
 * Common family names of the CJK and Vietnamese tickets, written for this project from public frequency rankings (not
 * copied from a package: the candidates we looked at were either tiny — faker's Japanese list has 20 — or padded with
 * everyday words such as 是, 在, 有, 和; see docs/decisions/2026-12-07-cjk-person-names.md). The name recognizers use
 * them to find where a name starts in text without spaces ("请联系王小明先生" → 王小明) and to accept a name that a
 * weak cue alone would not ("山田太郎です" at the start of a ticket). Characters that are much more often a word than a
 * name in ticket text (和 "and", 于 "at", 向 "towards", 时 "time", 明 "bright") are left out on purpose.
 */

/** About 180 of the most common Japanese family names, kanji as registered (渡辺 and 渡邊 both). */
export const JAPANESE_SURNAMES: readonly string[] = words(`
  佐藤 鈴木 高橋 田中 伊藤 渡辺 渡邊 渡部 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 斉藤 清水
  山崎 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本 福田 太田 西村
  藤井 金子 岡本 藤原 中野 三浦 原田 中川 松田 竹内 小野 田村 中山 和田 石田 森田 上田 原 内田 柴田 酒井 宮崎 横山
  高木 安藤 宮本 大野 小島 工藤 谷口 今井 高田 増田 丸山 杉山 村田 大塚 新井 小山 平野 藤本 河野 上野 野口 武田
  松井 千葉 岩崎 菅原 木下 久保 佐野 野村 松尾 菊地 杉本 市川 古川 大西 島田 水野 桜井 高野 吉川 山内 西田 飯田
  菊池 西川 小松 北村 安田 五十嵐 川口 平田 関 中田 久保田 服部 岩田 土屋 川崎 福島 本田 辻 樋口 秋山 田口 永井
  山中 中西 吉村 川上 石原 大橋 松岡 馬場 浜田 森本 星野 矢野 浅野 大久保 松下 小池 野田 荒木 大谷 内藤 松浦 熊谷
  黒田 尾崎 永田 川村 望月 田辺 松村 荒井 堀 大島 平井 早川 岡崎 片山 坂口 宮田 小西 宇野 宮下 北川 堀内
`);

/** About 200 of the most common Chinese family names (simplified and traditional forms) and the compound ones. */
export const CHINESE_SURNAMES: readonly string[] = words(`
  王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 蒋 蔡
  余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯
  龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 覃 武 戴 莫 孔 汤 常 温 康 施 文 牛 樊 葛 邢 安 齐 易 乔 伍 庞 颜 倪 庄 聂 章 鲁
  岳 翟 殷 詹 申 欧 耿 关 兰 焦 俞 左 柳 甘 祝 包 宁 尚 符 舒 阮 柯 纪 梅 童 凌 毕 季 裴 霍 涂 苗 谷 盛 翁 骆 蓝 辛 萧
  陳 張 劉 楊 黃 趙 吳 孫 馬 鄭 謝 許 韓 馮 鄧 蕭 葉 蘇 呂 盧 鍾 譚 陸 賈 韋 鄒 閻 龍 賀 顧 龔 萬 錢 嚴 湯 溫 莊 聶 魯
  歐 關 蘭 寧 紀 駱 藍 蔣 羅 潘
  欧阳 歐陽 司马 司馬 诸葛 諸葛 上官 慕容 司徒 东方 東方 夏侯 皇甫 尉迟 公孙 公孫 令狐 宇文 长孙 長孫 端木 独孤 南宫
`);

/** The 69 most common Korean family names (well over 95 % of people), and the two-syllable ones. */
export const KOREAN_SURNAMES: readonly string[] = words(`
  김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 우
  구 나 민 진 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 석 선 설 마 길 연 위 표 명 기 반 왕 리
  남궁 황보 제갈 선우 독고 사공 서문
`);

/** Common Vietnamese family names (lower case): a capitalised pair or triple starting with one is a name. */
export const VIETNAMESE_SURNAMES: ReadonlySet<string> = new Set(
  words(`
    nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý trương đinh lâm mai trịnh
    đào đoàn cao lương tạ tô châu lưu hà thái triệu
  `),
);

/** A regex alternation of `names`, longest first so a two-character surname is preferred to its first character. */
export function alternation(names: readonly string[]): string {
  return [...names].sort((a, b) => b.length - a.length || a.localeCompare(b)).join('|');
}

function words(list: string): string[] {
  return [...new Set(list.split(/\s+/).filter((word) => word.length > 0))];
}
