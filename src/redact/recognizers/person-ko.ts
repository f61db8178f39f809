import type { Recognizer } from '../recognizer.ts';
import { alternation, KOREAN_SURNAMES } from './surnames.ts';

const syllable = '[가-힣]';
// A Korean name: a family name and one or two syllables (김민수, 이준), written as one word
const name = `(?:${alternation(KOREAN_SURNAMES)})${syllable}{1,2}`;
// not inside a longer Korean word
const start = '(?:^|[^가-힣])';
// particles that may follow a name directly: 김민수님이, 김민수 씨가, 김민수입니다
const end = '(?![가-힣])';
const particleOrEnd = '(?=$|[^가-힣]|[이가은는을를의에도와과께한])';
const titles =
  '(?:고객|회원|과장|부장|팀장|차장|대리|사원|주임|실장|사장|이사|대표|매니저|선생|교수|기사|상무|전무|본부장)';
const HANGUL = /[가-힣]/;
const PARTICLE_END = /[에의를을께로와과]$/;

/**
 * Words a cue follows that start with a family-name syllable and are not people: roles (고객님, 선생님, 기사님,
 * 담당자님), family words (어머님, 부모님), and common words before 씨 or 입니다 (마음씨, 문의입니다).
 */
const NOT_NAMES: ReadonlySet<string> = new Set(
  `고객 회원 선생 사장 부장 과장 팀장 차장 실장 원장 이사 대리 주임 기사 교수 회장 소장 반장 이용자 신청자 구매자 작성자
  문의자 운영자 관리자 담당자 상담사 판매자 주문자 가입자 사용자 수신자 발신자 대표 대표자 점장 국장 간호사 의사 약사
  변호사 세무사 부모 어머 어머니 아버 장모 장인 시어머 사모 선배 후배 형 하느 부처 감독 기장 정회원 준회원 주부 고객센터
  마음 오늘날 손글 이상 정상 고장 오류 안내 문의 확인 이번 이후 이전 주문 배송 결제 환불 취소 변경 신청 접수 처리 연락
  전화 전달 정보 조회 회신 답변 기사님 구독 유료 무료 서비스 상품 제품 이메일 우리 저희 여러분 모두 직원 상담원
  신규 기존 최근 최종 하루 이틀 오전 오후 내일 어제 지금 다음 정말 진짜 계속 조금 전혀 항상`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);

/**
 * Korean person names by cue: 님 or 씨 after the name, a job title after it (김민수 과장님), a self-introduction
 * (제 이름은 …, 저는 …입니다, 안녕하세요 …입니다), a sign-off (김민수 드림) and a name label (이름:, 성명:). The name
 * must start with a common family name (KOREAN_SURNAMES), except after 제 이름은 and a label, and not be a role or
 * common word that happens to (고객님, 문의입니다).
 */
export const koreanPersonRecognizer: Recognizer = {
  name: 'person-ko',
  type: 'PERSON',
  appliesTo: (text) => HANGUL.test(text),
  patterns: [
    { name: 'nim', regex: new RegExp(`${start}(${name}) ?님${particleOrEnd}`, 'g'), score: 0.7 },
    { name: 'ssi', regex: new RegExp(`${start}(${name}) ?씨${particleOrEnd}`, 'g'), score: 0.7 },
    { name: 'title', regex: new RegExp(`${start}(${name}) ${titles}`, 'g'), score: 0.65 },
    {
      name: 'my-name-is',
      regex: new RegExp(`제 ?이름은 (${syllable}{2,4}?)(?=이에요|예요|입니다|이고|이라고|라고|[^가-힣]|$)`, 'g'),
      score: 0.8,
    },
    {
      name: 'i-am',
      regex: new RegExp(`(?:저는|전|안녕하세요[.,!]?) (${name})(?:입니다|이에요|예요|이라고|라고)`, 'g'),
      score: 0.7,
    },
    { name: 'sign-off', regex: new RegExp(`${start}(${name}) ?(?:드림|올림)${end}`, 'g'), score: 0.75 },
    {
      name: 'label',
      regex: new RegExp(
        `(?:이름|성명|성함|담당자|고객명|신청자|예금주|수령인|받는 ?분|작성자)\\s{0,3}[:]\\s{0,3}(${syllable}{2,4})${end}`,
        'g',
      ),
      score: 0.75,
    },
  ],
  // a given name hardly ends in a particle: 안에 ("within") before 팀장님 is not a person
  invalidate: (value) => NOT_NAMES.has(value) || PARTICLE_END.test(value),
};
