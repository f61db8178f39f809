import type { TrainingRow } from '../../src/model/index.ts';

/** A small self-written training set: three labels, each in English, Japanese and Vietnamese. */
const EXAMPLES: Record<string, Record<'en' | 'ja' | 'vi', string[]>> = {
  billing: {
    en: [
      'I was charged twice on my invoice this month',
      'Please refund the duplicate charge on my card',
      'Why is my invoice higher than my plan price',
      'I need a refund for the annual subscription',
      'The invoice shows the wrong billing address',
      'Cancel the charge and send me a refund',
    ],
    ja: [
      '今月の請求書で二重に請求されました',
      '重複した請求を返金してください',
      '請求書の金額がプランより高いです',
      '年間プランの返金をお願いします',
      '請求書の住所が間違っています',
      '請求を取り消して返金してください',
    ],
    vi: [
      'Tôi bị trừ tiền hai lần trong hóa đơn tháng này',
      'Vui lòng hoàn tiền khoản phí bị trùng',
      'Tại sao hóa đơn cao hơn giá gói',
      'Tôi cần hoàn tiền gói thuê bao năm',
      'Hóa đơn ghi sai địa chỉ thanh toán',
      'Hủy khoản phí và hoàn tiền cho tôi',
    ],
  },
  account_access: {
    en: [
      'I cannot log in to my account',
      'The password reset email never arrives',
      'My login says the password is wrong',
      'I am locked out of my account after too many attempts',
      'How do I reset my password',
      'Two factor code does not let me log in',
    ],
    ja: [
      'アカウントにログインできません',
      'パスワード再設定のメールが届きません',
      'ログインするとパスワードが違うと表示されます',
      '何度も試したらアカウントがロックされました',
      'パスワードをリセットする方法を教えてください',
      '二段階認証のコードでログインできません',
    ],
    vi: [
      'Tôi không thể đăng nhập vào tài khoản',
      'Email đặt lại mật khẩu không đến',
      'Khi đăng nhập báo sai mật khẩu',
      'Tài khoản của tôi bị khóa sau nhiều lần thử',
      'Làm sao để đặt lại mật khẩu',
      'Mã xác thực hai bước không cho tôi đăng nhập',
    ],
  },
  bug: {
    en: [
      'The app crashes when I open the report page',
      'Export button shows an error and nothing happens',
      'The page freezes after I click save',
      'The dashboard crashes with an error message',
      'Saving a report fails with an error',
      'The mobile app crashes on start',
    ],
    ja: [
      'レポート画面を開くとアプリがクラッシュします',
      'エクスポートボタンでエラーが出て何も起きません',
      '保存をクリックすると画面が固まります',
      'ダッシュボードがエラーでクラッシュします',
      'レポートの保存がエラーで失敗します',
      'モバイルアプリが起動時にクラッシュします',
    ],
    vi: [
      'Ứng dụng bị lỗi khi tôi mở trang báo cáo',
      'Nút xuất báo lỗi và không có gì xảy ra',
      'Trang bị treo sau khi tôi bấm lưu',
      'Bảng điều khiển bị sập với thông báo lỗi',
      'Lưu báo cáo thất bại với lỗi',
      'Ứng dụng di động bị sập khi khởi động',
    ],
  },
};

export const MULTILINGUAL_ROWS: TrainingRow[] = Object.entries(EXAMPLES).flatMap(([label, languages]) =>
  Object.values(languages).flatMap((texts) => texts.map((text) => ({ text, label }))),
);

/** New sentences (not in training) and the label a person would give them. */
export const MULTILINGUAL_CHECKS: [string, string][] = [
  ['Please refund me, the invoice charged my card twice', 'billing'],
  ['I forgot my password and cannot log in', 'account_access'],
  ['The report page crashes with an error every time', 'bug'],
  ['請求書の返金について', 'billing'],
  ['パスワードを忘れてログインできない', 'account_access'],
  ['アプリがエラーでクラッシュする', 'bug'],
  ['Xin hoàn tiền hóa đơn bị trừ hai lần', 'billing'],
  ['Quên mật khẩu, không đăng nhập được', 'account_access'],
  ['Ứng dụng bị sập và báo lỗi', 'bug'],
  // Vietnamese typed without diacritics still matches through the folded features.
  ['xin hoan tien hoa don', 'billing'],
];
