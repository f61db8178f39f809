/** Demo ticket wording, written for this project: per label and language, subjects and bodies with {slots}. */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'ja', 'vi'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface LabelTemplates {
  readonly subjects: readonly string[];
  readonly bodies: readonly string[];
}

/** Label share in a realistic helpdesk: many how-to and billing questions, few security or legal tickets. */
export const LABEL_WEIGHTS: readonly (readonly [string, number])[] = [
  ['how_to', 18],
  ['billing', 15],
  ['bug', 14],
  ['account_access', 12],
  ['integrations', 9],
  ['feature_request', 9],
  ['outage', 6],
  ['churn_risk', 5],
  ['security', 4],
  ['fraud', 4],
  ['legal_privacy', 4],
];

export const SLOTS: Readonly<Record<Language, Readonly<Record<string, readonly string[]>>>> = {
  en: {
    feature: ['reports', 'the dashboard', 'exports', 'the calendar', 'automations'],
    tool: ['Slack', 'Salesforce', 'Shopify', 'Zapier'],
  },
  de: {
    feature: ['Berichte', 'das Dashboard', 'den Export', 'den Kalender', 'Automationen'],
    tool: ['Slack', 'Salesforce', 'Shopify', 'Zapier'],
  },
  fr: {
    feature: ['les rapports', 'le tableau de bord', "l'export", 'le calendrier', 'les automatisations'],
    tool: ['Slack', 'Salesforce', 'Shopify', 'Zapier'],
  },
  es: {
    feature: ['los informes', 'el panel', 'la exportación', 'el calendario', 'las automatizaciones'],
    tool: ['Slack', 'Salesforce', 'Shopify', 'Zapier'],
  },
  ja: {
    feature: ['レポート', 'ダッシュボード', 'エクスポート', 'カレンダー', '自動化'],
    tool: ['Slack', 'Salesforce', 'Shopify', 'Zapier'],
  },
  vi: {
    feature: ['báo cáo', 'bảng điều khiển', 'xuất dữ liệu', 'lịch', 'tự động hóa'],
    tool: ['Slack', 'Salesforce', 'Shopify', 'Zapier'],
  },
};

type Table = Readonly<Record<string, Readonly<Record<Language, LabelTemplates>>>>;

export const TEMPLATES: Table = {
  outage: {
    en: {
      subjects: ['Everything is down', 'Site not loading for the whole team', '502 errors since this morning'],
      bodies: [
        'Since {time} nothing loads, every page returns 502 for all users.',
        'The app is down for our whole company, no one can work.',
        'Sync stopped for every workspace, no data since last night.',
      ],
    },
    de: {
      subjects: ['Plattform nicht erreichbar', 'Totalausfall seit heute früh'],
      bodies: [
        'Seit {time} ist die Plattform für alle Kollegen nicht erreichbar.',
        'Kompletter Ausfall, keine Seite lädt, Fehler 503.',
      ],
    },
    fr: {
      subjects: ['Service indisponible', 'Panne générale'],
      bodies: [
        'Depuis {time} le service est en panne pour toute l’équipe.',
        'Plus rien ne charge, erreur 502 sur toutes les pages.',
      ],
    },
    es: {
      subjects: ['Servicio caído', 'Nada carga desde esta mañana'],
      bodies: [
        'Desde las {time} el servicio está caído para todo el equipo.',
        'Ninguna página carga, error 503 para todos los usuarios.',
      ],
    },
    ja: {
      subjects: ['システム障害が発生しています', 'サービスが停止しています'],
      bodies: [
        '{time}から全員がログインできず、画面が表示されません。',
        'すべてのページで502エラーが出て業務が止まっています。',
      ],
    },
    vi: {
      subjects: ['Hệ thống bị sập', 'Không truy cập được dịch vụ'],
      bodies: [
        'Từ {time} toàn bộ nhân viên không truy cập được hệ thống.',
        'Tất cả các trang đều báo lỗi 502, công việc bị đình trệ.',
      ],
    },
  },
  security: {
    en: {
      subjects: ['Account hacked', 'Suspicious login from abroad', 'Vulnerability report'],
      bodies: [
        'Someone logged into my account from another country and changed the recovery e-mail.',
        'I found an XSS vulnerability in {feature}.',
        'Our API key was leaked in a public repo, please revoke it.',
      ],
    },
    de: {
      subjects: ['Konto gehackt', 'Verdächtiger Login'],
      bodies: [
        'Jemand hat sich in mein Konto eingeloggt, unbefugter Zugriff aus dem Ausland.',
        'Ich habe eine Sicherheitslücke in {feature} gefunden.',
      ],
    },
    fr: {
      subjects: ['Compte piraté', 'Connexion suspecte'],
      bodies: [
        'Mon compte a été piraté, quelqu’un a changé mon e-mail.',
        'Accès non autorisé à nos données depuis une adresse inconnue.',
      ],
    },
    es: {
      subjects: ['Cuenta hackeada', 'Acceso sospechoso'],
      bodies: [
        'Me hackearon la cuenta y cambiaron la contraseña.',
        'Detectamos un acceso no autorizado a nuestros datos.',
      ],
    },
    ja: {
      subjects: ['不正アクセスの疑い', 'アカウント乗っ取り'],
      bodies: ['海外から不正アクセスがあり、メールアドレスが変更されました。', '{feature}に脆弱性を見つけました。'],
    },
    vi: {
      subjects: ['Tài khoản bị hack', 'Truy cập trái phép'],
      bodies: [
        'Tài khoản của tôi bị hack, ai đó đã đổi email khôi phục.',
        'Có truy cập trái phép vào dữ liệu của công ty chúng tôi.',
      ],
    },
  },
  fraud: {
    en: {
      subjects: ['Charges I did not make', 'Fraudulent transactions'],
      bodies: [
        'There are three charges on my card that I never made.',
        'Someone used our stored card, these are fraudulent payments.',
      ],
    },
    de: {
      subjects: ['Unbekannte Abbuchungen', 'Betrug auf meiner Karte'],
      bodies: [
        'Auf meiner Karte sind Abbuchungen, die ich nicht getätigt habe, das ist Betrug.',
        'Nicht autorisierte Abbuchung von unserem Konto.',
      ],
    },
    fr: {
      subjects: ['Prélèvement non autorisé', 'Paiements frauduleux'],
      bodies: [
        'Je vois un prélèvement non autorisé sur ma carte.',
        'Ces paiements sont frauduleux, ma carte a été volée.',
      ],
    },
    es: {
      subjects: ['Cargo no autorizado', 'Fraude con mi tarjeta'],
      bodies: ['Hay un cargo no autorizado en mi tarjeta.', 'Me robaron la tarjeta y aparecen pagos fraudulentos.'],
    },
    ja: {
      subjects: ['身に覚えのない請求', '不正利用の報告'],
      bodies: ['クレジットカードに身に覚えのない請求が3件あります。', 'カードが不正利用されました。'],
    },
    vi: {
      subjects: ['Giao dịch trái phép', 'Gian lận thẻ'],
      bodies: ['Thẻ của tôi có giao dịch trái phép mà tôi không thực hiện.', 'Có dấu hiệu gian lận, thẻ bị đánh cắp.'],
    },
  },
  legal_privacy: {
    en: {
      subjects: ['GDPR data request', 'Delete my personal data'],
      bodies: [
        'Under GDPR I request a copy of all personal data you hold about me.',
        'Please delete all my data, right to be forgotten.',
        'Our attorney will contact you about the contract breach.',
      ],
    },
    de: {
      subjects: ['Auskunftsersuchen DSGVO', 'Löschung meiner Daten'],
      bodies: [
        'Gemäß DSGVO bitte ich um Auskunft über meine gespeicherten Daten.',
        'Unser Anwalt wird rechtliche Schritte prüfen.',
      ],
    },
    fr: {
      subjects: ['Demande RGPD', 'Droit à l’oubli'],
      bodies: [
        'Conformément au RGPD, je demande la suppression de mes données.',
        'Notre avocat vous adressera une mise en demeure.',
      ],
    },
    es: {
      subjects: ['Solicitud RGPD', 'Derecho al olvido'],
      bodies: ['Según el RGPD solicito la eliminación de mis datos.', 'Nuestro abogado iniciará acciones legales.'],
    },
    ja: {
      subjects: ['個人情報の削除依頼', '法的措置について'],
      bodies: ['個人情報の削除をお願いします。', '弁護士と相談し、法的措置を検討しています。'],
    },
    vi: {
      subjects: ['Yêu cầu xóa dữ liệu cá nhân', 'Vấn đề pháp lý'],
      bodies: [
        'Tôi yêu cầu xóa dữ liệu cá nhân của mình.',
        'Luật sư của chúng tôi sẽ khởi kiện nếu không được giải quyết.',
      ],
    },
  },
  churn_risk: {
    en: {
      subjects: ['Considering cancelling', 'Very disappointed'],
      bodies: [
        'If this is not fixed this week we will switch to a competitor.',
        'Third time this month, we are seriously thinking about leaving and will post this on Twitter.',
      ],
    },
    de: {
      subjects: ['Wir überlegen zu kündigen'],
      bodies: [
        'Wenn das so weitergeht, wechseln wir zur Konkurrenz.',
        'Wir werden den Vertrag kündigen, wenn sich nichts ändert.',
      ],
    },
    fr: {
      subjects: ['Nous envisageons de partir'],
      bodies: [
        'Sans solution, nous allons passer à la concurrence.',
        'Nous allons résilier notre contrat à la fin du mois.',
      ],
    },
    es: {
      subjects: ['Pensamos cancelar'],
      bodies: ['Si no se soluciona, vamos a cambiar a la competencia.', 'Vamos a cancelar nuestro contrato.'],
    },
    ja: {
      subjects: ['解約を検討しています'],
      bodies: ['改善されなければ他社に乗り換えます。', '対応が遅すぎるので解約を検討しています。'],
    },
    vi: {
      subjects: ['Chúng tôi cân nhắc hủy'],
      bodies: ['Nếu không khắc phục, chúng tôi sẽ chuyển sang đối thủ.', 'Chúng tôi sẽ hủy hợp đồng vào cuối tháng.'],
    },
  },
  billing: {
    en: {
      subjects: ['Question about my invoice', 'Charged twice', 'Refund request'],
      bodies: [
        'My invoice shows {n} seats but we only have {m}.',
        'We were charged twice this month, please refund one payment.',
        'How can I change the billing address on the invoice?',
      ],
    },
    de: {
      subjects: ['Frage zur Rechnung', 'Doppelte Abbuchung'],
      bodies: [
        'Die Rechnung enthält {n} Lizenzen, wir haben nur {m}.',
        'Wir wurden doppelt belastet, bitte um Rückerstattung.',
      ],
    },
    fr: {
      subjects: ['Question sur ma facture', 'Remboursement'],
      bodies: [
        'La facture indique {n} licences au lieu de {m}.',
        'Nous avons été débités deux fois, merci de rembourser.',
      ],
    },
    es: {
      subjects: ['Duda sobre la factura', 'Reembolso'],
      bodies: ['La factura muestra {n} licencias pero tenemos {m}.', 'Nos cobraron dos veces, solicito un reembolso.'],
    },
    ja: {
      subjects: ['請求書について', '二重請求'],
      bodies: [
        '請求書のライセンス数が{n}になっていますが、実際は{m}です。',
        '今月二重に請求されました。返金をお願いします。',
      ],
    },
    vi: {
      subjects: ['Hỏi về hóa đơn', 'Bị trừ tiền hai lần'],
      bodies: ['Hóa đơn ghi {n} người dùng nhưng chúng tôi chỉ có {m}.', 'Tôi bị trừ tiền hai lần, xin hoàn tiền.'],
    },
  },
  account_access: {
    en: {
      subjects: ["Can't log in", 'Password reset not arriving', 'Locked out'],
      bodies: [
        'The password reset e-mail never arrives.',
        'I lost my phone and cannot pass two-factor authentication.',
        'My account is locked after too many attempts.',
      ],
    },
    de: {
      subjects: ['Kann mich nicht anmelden', 'Passwort zurücksetzen'],
      bodies: [
        'Die E-Mail zum Zurücksetzen des Passworts kommt nicht an.',
        'Ich habe mein Handy verloren und komme nicht durch die Zwei-Faktor-Anmeldung.',
      ],
    },
    fr: {
      subjects: ['Impossible de me connecter', 'Mot de passe oublié'],
      bodies: [
        'Je ne reçois pas l’e-mail de réinitialisation du mot de passe.',
        'Mon compte est bloqué après plusieurs tentatives.',
      ],
    },
    es: {
      subjects: ['No puedo iniciar sesión', 'Contraseña'],
      bodies: [
        'No me llega el correo para restablecer la contraseña.',
        'Mi cuenta está bloqueada tras varios intentos.',
      ],
    },
    ja: {
      subjects: ['ログインできません', 'パスワード再設定'],
      bodies: ['パスワード再設定のメールが届きません。', '携帯を紛失し、二段階認証ができません。'],
    },
    vi: {
      subjects: ['Không đăng nhập được', 'Quên mật khẩu'],
      bodies: ['Tôi không nhận được email đặt lại mật khẩu.', 'Tài khoản bị khóa sau nhiều lần đăng nhập sai.'],
    },
  },
  bug: {
    en: {
      subjects: ['Export button does nothing', 'Wrong totals in report', 'Error when uploading'],
      bodies: [
        'Clicking export in {feature} does nothing in Firefox.',
        'The totals in {feature} do not match the table.',
        'The app crashes when I upload a file with an accent in its name.',
      ],
    },
    de: {
      subjects: ['Fehler beim Export', 'Falsche Summen'],
      bodies: [
        'Beim Klick auf Exportieren in {feature} passiert nichts.',
        'Die Summen in {feature} stimmen nicht mit der Tabelle überein.',
      ],
    },
    fr: {
      subjects: ["Bug à l'export", 'Totaux incorrects'],
      bodies: ['Le bouton exporter dans {feature} ne fait rien.', 'Les totaux dans {feature} sont faux.'],
    },
    es: {
      subjects: ['Error al exportar', 'Totales incorrectos'],
      bodies: ['El botón de exportar en {feature} no hace nada.', 'Los totales en {feature} no coinciden.'],
    },
    ja: {
      subjects: ['エクスポートが動かない', '合計が合わない'],
      bodies: ['{feature}でエクスポートボタンを押しても何も起きません。', '{feature}の合計が表と一致しません。'],
    },
    vi: {
      subjects: ['Lỗi khi xuất file', 'Tổng số sai'],
      bodies: ['Bấm nút xuất trong {feature} không có phản hồi.', 'Tổng số trong {feature} không khớp với bảng.'],
    },
  },
  how_to: {
    en: {
      subjects: ['How do I…?', 'Where is this setting?', 'Quick question'],
      bodies: [
        'How do I create a recurring schedule for {feature}?',
        'Where can I change the language of the interface?',
        'Is there a way to bulk-assign tickets?',
      ],
    },
    de: {
      subjects: ['Wie geht das?', 'Frage zur Einstellung'],
      bodies: ['Wie kann ich {feature} regelmäßig planen?', 'Wo ändere ich die Sprache der Oberfläche?'],
    },
    fr: {
      subjects: ['Comment faire ?', 'Question'],
      bodies: ['Comment programmer {feature} chaque semaine ?', 'Où puis-je changer la langue de l’interface ?'],
    },
    es: {
      subjects: ['¿Cómo se hace?', 'Pregunta'],
      bodies: ['¿Cómo programo {feature} cada semana?', '¿Dónde cambio el idioma de la interfaz?'],
    },
    ja: {
      subjects: ['使い方について', '設定の場所'],
      bodies: ['{feature}を毎週自動で作成する方法を教えてください。', '表示言語はどこで変更できますか？'],
    },
    vi: {
      subjects: ['Cách sử dụng', 'Hỏi về cài đặt'],
      bodies: ['Làm thế nào để lên lịch {feature} hàng tuần?', 'Tôi có thể đổi ngôn ngữ giao diện ở đâu?'],
    },
  },
  feature_request: {
    en: {
      subjects: ['Feature request', 'Suggestion', 'Would love dark mode'],
      bodies: [
        'It would be great to have a dark mode.',
        'Please add an option to export {feature} to Excel.',
        'Could you support notifications in {tool}?',
      ],
    },
    de: {
      subjects: ['Funktionswunsch', 'Vorschlag'],
      bodies: [
        'Es wäre toll, einen Dunkelmodus zu haben.',
        'Bitte fügt eine Option hinzu, {feature} nach Excel zu exportieren.',
      ],
    },
    fr: {
      subjects: ['Suggestion de fonctionnalité'],
      bodies: ['Ce serait super d’avoir un mode sombre.', 'Pourriez-vous ajouter des notifications dans {tool} ?'],
    },
    es: {
      subjects: ['Sugerencia de función'],
      bodies: ['Sería genial tener un modo oscuro.', '¿Podrían añadir notificaciones en {tool}?'],
    },
    ja: {
      subjects: ['機能のご要望'],
      bodies: ['ダークモードがあると嬉しいです。', '{tool}への通知に対応してほしいです。'],
    },
    vi: {
      subjects: ['Đề xuất tính năng'],
      bodies: ['Rất mong có chế độ tối.', 'Mong các bạn hỗ trợ thông báo qua {tool}.'],
    },
  },
  integrations: {
    en: {
      subjects: ['Webhook not firing', 'API rate limit', '{tool} integration duplicates'],
      bodies: [
        'Our webhook stopped receiving events after we rotated the secret.',
        'What is the rate limit on the search API endpoint?',
        'The {tool} integration creates duplicate contacts.',
      ],
    },
    de: {
      subjects: ['Webhook funktioniert nicht', '{tool}-Integration'],
      bodies: [
        'Unser Webhook empfängt seit dem Schlüsselwechsel keine Ereignisse mehr.',
        'Die {tool}-Integration legt doppelte Kontakte an.',
      ],
    },
    fr: {
      subjects: ['Problème de webhook', 'Intégration {tool}'],
      bodies: ['Notre webhook ne reçoit plus d’événements.', 'L’intégration {tool} crée des contacts en double.'],
    },
    es: {
      subjects: ['Webhook no funciona', 'Integración con {tool}'],
      bodies: ['Nuestro webhook dejó de recibir eventos.', 'La integración con {tool} duplica contactos.'],
    },
    ja: {
      subjects: ['Webhookが届かない', '{tool}連携'],
      bodies: ['シークレット変更後、Webhookのイベントが届きません。', '{tool}連携で連絡先が重複します。'],
    },
    vi: {
      subjects: ['Webhook không hoạt động', 'Tích hợp {tool}'],
      bodies: ['Webhook không còn nhận sự kiện sau khi đổi khóa bí mật.', 'Tích hợp {tool} tạo liên hệ trùng lặp.'],
    },
  },
};

export const GREETINGS: Readonly<Record<Language, readonly string[]>> = {
  en: ['Hi,', 'Hello team,', 'Good morning,'],
  de: ['Hallo,', 'Guten Tag,'],
  fr: ['Bonjour,', 'Bonsoir,'],
  es: ['Hola,', 'Buenos días,'],
  ja: ['お世話になっております。'],
  vi: ['Chào bạn,', 'Xin chào,'],
};
export const CONTACT: Readonly<Record<Language, string>> = {
  en: 'You can reach me at {contact}.',
  de: 'Sie erreichen mich unter {contact}.',
  fr: 'Vous pouvez me joindre au {contact}.',
  es: 'Pueden contactarme en {contact}.',
  ja: '連絡先: {contact}。',
  vi: 'Liên hệ tôi qua {contact}.',
};
export const AGENT_REPLIES: Readonly<Record<Language, readonly string[]>> = {
  en: ['Thanks for reaching out, we are looking into it.', 'Could you send a screenshot?'],
  de: ['Danke, wir schauen uns das an.'],
  fr: ['Merci, nous regardons cela.'],
  es: ['Gracias, lo estamos revisando.'],
  ja: ['ご連絡ありがとうございます。確認いたします。'],
  vi: ['Cảm ơn bạn, chúng tôi đang kiểm tra.'],
};
