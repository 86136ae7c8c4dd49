import { subjectOf } from '../src/domain/mail-headers';

describe('subjectOf', () => {
  it('reads the Subject of the header block only', () => {
    expect(subjectOf('From: a@x\r\nSubject: Invoice 42\r\nTo: b@y\r\n\r\nSubject: not this one')).toBe('Invoice 42');
    expect(subjectOf('From: a@x\r\n\r\nbody')).toBe('');
  });

  it('unfolds long headers and decodes encoded words', () => {
    expect(subjectOf('Subject: a long\r\n subject\r\n\r\n')).toBe('a long subject');
    expect(subjectOf(`Subject: =?utf-8?B?${Buffer.from('Facture nº 7 – été').toString('base64')}?=\n\n`)).toBe('Facture nº 7 – été');
    expect(subjectOf('Subject: =?iso-8859-1?Q?caf=E9_cr=E8me?=\n\n')).toBe('café crème');
    expect(subjectOf('Subject: =?utf-8?Q?a?= =?utf-8?Q?b?=\n\n')).toBe('ab');
  });
});
