#!/usr/bin/env python3
"""Writes the hostile and odd mail corpus used by MailCorpusTest (run from this folder; output: corpus/).

Each file is a raw message exactly as a server could hand it over, bytes included. The files are
committed; this script documents how they were made and regenerates them deterministically.
"""
import base64, os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
os.makedirs(OUT, exist_ok=True)
n = [0]

def write(name, data):
    n[0] += 1
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(OUT, "%02d-%s.eml" % (n[0], name)), "wb") as f:
        f.write(data)

def crlf(s):
    return s.replace("\r\n", "\n").replace("\n", "\r\n")

def hdr(subject, mid, extra="", frm="Julie Martin <julie.martin@corpus.example>"):
    h = "From: %s\nTo: support@relais.test\nSubject: %s\nDate: Tue, 24 Nov 2026 09:00:00 +0100\n" % (frm, subject)
    if mid:
        h += "Message-ID: <%s@corpus.example>\n" % mid
    return h + extra

def simple(name, subject, body, extra="", ctype="text/plain; charset=utf-8", mid=True, frm=None):
    m = hdr(subject, name if mid else None, extra, frm or "Julie Martin <julie.martin@corpus.example>")
    m += "MIME-Version: 1.0\nContent-Type: %s\n\n%s\n" % (ctype, body)
    write(name, crlf(m))

B64_PDF = base64.encodebytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").decode()
PNG = base64.encodebytes(bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                                       "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")).decode()

# --- charsets
simple("plain-ascii", "Printer offline", "The printer on floor 2 is offline.")
simple("utf8-declared", "Imprimante en panne", "L'imprimante du 2e étage ne répond plus. Merci d'avance.")
write("latin1-declared", crlf(hdr("Imprimante", "latin1-declared") + "MIME-Version: 1.0\nContent-Type: text/plain; charset=iso-8859-1\n\n").encode() + "L'imprimante a été déplacée.\r\n".encode("latin-1"))
write("utf8-declared-as-latin1", crlf(hdr("Mis-declared", "utf8-as-latin1") + "MIME-Version: 1.0\nContent-Type: text/plain; charset=iso-8859-1\n\n").encode() + "Le réseau a été coupé à 9h.\r\n".encode("utf-8"))
write("no-charset-utf8-bytes", crlf(hdr("No charset", "no-charset") + "MIME-Version: 1.0\nContent-Type: text/plain\n\n").encode() + "Déjà vu : l'écran reste noir.\r\n".encode("utf-8"))
write("unknown-charset", crlf(hdr("Unknown charset", "unknown-charset") + "MIME-Version: 1.0\nContent-Type: text/plain; charset=x-made-up-42\n\n").encode() + "Données reçues à 10h.\r\n".encode("utf-8"))
simple("charset-alias-utf8", "Alias", "Résumé du problème.", ctype="text/plain; charset=utf8")
write("windows-1252-quotes", crlf(hdr("Smart quotes", "cp1252") + "MIME-Version: 1.0\nContent-Type: text/plain; charset=windows-1252\n\n").encode() + "It\u2019s \u201cbroken\u201d \u2013 again.\r\n".encode("cp1252"))
write("windows-1252-undeclared", crlf(hdr("Cp1252 undeclared", "cp1252-undeclared") + "MIME-Version: 1.0\nContent-Type: text/plain\n\n").encode() + "Caf\xe9 \u2013 \u20ac 12\r\n".encode("cp1252"))
simple("rfc2047-q-subject", "=?ISO-8859-1?Q?Probl=E8me_d'acc=E8s_VPN?=", "Le VPN refuse la connexion.")
simple("rfc2047-b-subject-emoji", "=?UTF-8?B?8J+UpSBTZXJ2ZXVyIGVuIGZldSA=?=", "Le serveur chauffe.")
simple("rfc2047-broken-word", "=?UTF-8?Q?Broken_=E9=?= word", "Encoded word with a bad byte.")
simple("rfc2047-unknown-charset", "=?x-nope?Q?Hello?= there", "Unknown charset in an encoded word.")
write("8bit-utf8-headers", crlf("From: Éloïse Dürr <eloise@corpus.example>\nTo: support@relais.test\nSubject: Écran noir après mise à jour\nMessage-ID: <8bit-utf8@corpus.example>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nL'écran reste noir.\n").encode("utf-8"))
write("8bit-latin1-headers", crlf("From: Hélène <helene@corpus.example>\nTo: support@relais.test\nSubject: Clé USB refusée\nMessage-ID: <8bit-latin1@corpus.example>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=iso-8859-1\n\nLa clé n'est pas reconnue.\n").encode("latin-1"))
# --- missing or odd headers
write("no-from", crlf("To: support@relais.test\nSubject: Who am I\nMessage-ID: <no-from@corpus.example>\n\nNo From header at all.\n"))
write("no-message-id", crlf("From: julie.martin@corpus.example\nTo: support@relais.test\nSubject: No Message-ID\n\nThere is no Message-ID.\n"))
write("no-subject", crlf("From: julie.martin@corpus.example\nTo: support@relais.test\nMessage-ID: <no-subject@corpus.example>\n\nNo subject line.\n"))
write("empty-body", crlf("From: julie.martin@corpus.example\nTo: support@relais.test\nSubject: Empty\nMessage-ID: <empty-body@corpus.example>\n\n"))
write("no-headers-at-all", crlf("Just a line of text that a broken client sent without any header.\n"))
simple("from-encoded-name", "Encoded sender", "From with an encoded name.", frm="=?UTF-8?Q?Fran=C3=A7ois_Lef=C3=A8vre?= <francois@corpus.example>")
simple("from-malformed", "Malformed From", "The From header is garbage.", frm="<<bad@@example>> \"unterminated")
simple("from-several", "Several senders", "Two From addresses.", frm="a@corpus.example, b@corpus.example")
write("group-syntax-to", crlf("From: julie.martin@corpus.example\nTo: undisclosed-recipients:;\nSubject: Group syntax\nMessage-ID: <group@corpus.example>\n\nBcc only.\n"))
simple("null-sender", "Null sender", "From is empty angle brackets.", frm="<>")
simple("invalid-date", "Invalid date", "The date is nonsense.", extra="X-Note: odd\n")
write("long-subject", crlf(hdr("Long " + "very " * 400 + "subject", "long-subject") + "\nA subject of 2000 characters.\n"))
# --- limits
write("huge-header", crlf(hdr("Huge header", "huge-header") + "X-Huge: " + "a" * 300000 + "\n\nBody after a huge header.\n"))
write("many-headers", crlf(hdr("Many headers", "many-headers") + "".join("X-H%d: v\n" % i for i in range(5000)) + "\nBody after 5000 headers.\n"))
nest = "From: julie.martin@corpus.example\nTo: support@relais.test\nSubject: Deep nesting\nMessage-ID: <deep@corpus.example>\nMIME-Version: 1.0\n"
body = "Deepest text.\n"
for i in range(40, 0, -1):
    body = "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n%s\n--b%d--\n" % (i, i, body if i == 40 else body, i)
write("deeply-nested", crlf(nest + body))
parts = "".join("--many\nContent-Type: text/plain\n\npart %d\n" % i for i in range(600))
write("six-hundred-parts", crlf(hdr("Many parts", "many-parts") + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"many\"\n\n" + parts + "--many--\n"))
# --- broken structure
write("multipart-no-boundary", crlf(hdr("No boundary", "no-boundary") + "MIME-Version: 1.0\nContent-Type: multipart/mixed\n\n--x\nContent-Type: text/plain\n\nhello\n--x--\n"))
write("multipart-unterminated", crlf(hdr("Unterminated", "unterminated") + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"u\"\n\n--u\nContent-Type: text/plain\n\nThe closing boundary never comes.\n"))
write("base64-garbage", crlf(hdr("Bad base64", "bad-base64") + "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nVGhpcyBpcyBi!!!YWQ=*** not base64 at all\n"))
write("qp-broken", crlf(hdr("Broken QP", "broken-qp") + "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nCaf=C3=A9 =ZZ soft=\nbreak=\n=E2=82\n"))
write("unknown-transfer-encoding", crlf(hdr("x-uuencode", "uuencode") + "MIME-Version: 1.0\nContent-Type: text/plain\nContent-Transfer-Encoding: x-uuencode\n\nbegin 644 file.txt\n#86)C\n`\nend\n"))
write("lf-only", ("From: julie.martin@corpus.example\nTo: support@relais.test\nSubject: LF only\nMessage-ID: <lf-only@corpus.example>\n\nUnix line endings.\n").encode())
write("bare-cr", ("From: julie.martin@corpus.example\rTo: support@relais.test\rSubject: Bare CR\rMessage-ID: <bare-cr@corpus.example>\r\rOld Mac line endings.\r").encode())
write("nul-bytes", crlf(hdr("NUL bytes", "nul-bytes") + "\n").encode() + b"before\x00after\x00\r\n")
simple("format-flowed", "Flowed", "This line is \nflowed and \ncontinues.", ctype="text/plain; charset=utf-8; format=flowed")
# --- structure that is fine but rich
alt = "--alt\nContent-Type: text/plain; charset=utf-8\n\nPlain version: printer jam.\n--alt\nContent-Type: text/html; charset=utf-8\n\n<p>HTML version: <b>printer jam</b>.</p>\n--alt--\n"
write("multipart-alternative", crlf(hdr("Alternative", "alternative") + "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"alt\"\n\n" + alt))
simple("html-only-hostile", "HTML only", "<html><head><script>alert('x')</script><style>body{background:url(javascript:alert(1))}</style></head><body><p onclick=\"steal()\">Click <a href=\"javascript:alert(2)\">here</a> or <a href=\"https://example.org/help\">there</a></p><img src=\"https://tracker.example/p.gif\"><iframe src=\"https://evil.example\"></iframe><form action=\"https://evil.example\"><input name=p></form></body></html>", ctype="text/html; charset=utf-8")
simple("html-onerror", "onerror", "<img src=x onerror=alert(1)><div style=\"width:expression(alert(1))\">styled</div><svg onload=alert(1)></svg><a href=\"data:text/html;base64,PHNjcmlwdD4=\">data link</a>", ctype="text/html; charset=utf-8")
related = "--rel\nContent-Type: text/html; charset=utf-8\n\n<p>See the screenshot:</p><img src=\"cid:shot1@corpus\">\n--rel\nContent-Type: image/png\nContent-ID: <shot1@corpus>\nContent-Transfer-Encoding: base64\nContent-Disposition: inline; filename=\"shot.png\"\n\n" + PNG + "--rel--\n"
write("multipart-related-cid", crlf(hdr("Screenshot inline", "related") + "MIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"rel\"\n\n" + related))
fwd = "--fw\nContent-Type: text/plain\n\nSee the mail below.\n--fw\nContent-Type: message/rfc822\n\nFrom: boss@corpus.example\nTo: julie.martin@corpus.example\nSubject: Original problem\nMessage-ID: <inner@corpus.example>\n\nThe original text.\n--fw--\n"
write("forwarded-rfc822", crlf(hdr("Fwd: Original problem", "forwarded") + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"fw\"\n\n" + fwd))
tnef = "--t\nContent-Type: text/plain\n\nOutlook rich text.\n--t\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\nContent-Disposition: attachment; filename=\"winmail.dat\"\nContent-Transfer-Encoding: base64\n\n" + base64.encodebytes(b"\x78\x9f\x3e\x22" + b"\x00" * 60).decode() + "--t--\n"
write("winmail-dat", crlf(hdr("Winmail", "winmail") + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"t\"\n\n" + tnef))
smime = "--s\nContent-Type: text/plain; charset=utf-8\n\nSigned text.\n--s\nContent-Type: application/pkcs7-signature; name=\"smime.p7s\"\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=\"smime.p7s\"\n\n" + base64.encodebytes(b"\x30\x82\x01\x00" + b"\x01" * 40).decode() + "--s--\n"
write("smime-signed", crlf(hdr("Signed S/MIME", "smime") + "MIME-Version: 1.0\nContent-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=\"s\"\n\n" + smime))
pgp = "--p\nContent-Type: text/plain\n\nPGP signed text.\n--p\nContent-Type: application/pgp-signature; name=\"signature.asc\"\n\n-----BEGIN PGP SIGNATURE-----\niQEzBAEBCAAdFiEE\n-----END PGP SIGNATURE-----\n--p--\n"
write("pgp-signed", crlf(hdr("Signed PGP", "pgp") + "MIME-Version: 1.0\nContent-Type: multipart/signed; protocol=\"application/pgp-signature\"; micalg=pgp-sha256; boundary=\"p\"\n\n" + pgp))
cal = "--c\nContent-Type: text/plain\n\nMaintenance window invitation.\n--c\nContent-Type: text/calendar; method=REQUEST; charset=utf-8\n\nBEGIN:VCALENDAR\nMETHOD:REQUEST\nBEGIN:VEVENT\nUID:1@corpus\nDTSTART:20261201T090000Z\nSUMMARY:Maintenance\nEND:VEVENT\nEND:VCALENDAR\n--c--\n"
write("calendar-invite", crlf(hdr("Invitation: Maintenance", "calendar") + "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"c\"\n\n" + cal))
write("attachment-only", crlf(hdr("Scan", "attachment-only") + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"a\"\n\n--a\nContent-Type: application/pdf; name=\"scan.pdf\"\nContent-Disposition: attachment; filename=\"scan.pdf\"\nContent-Transfer-Encoding: base64\n\n" + B64_PDF + "--a--\n"))
write("single-part-pdf", crlf(hdr("Just a PDF", "single-pdf") + "MIME-Version: 1.0\nContent-Type: application/pdf; name=\"report.pdf\"\nContent-Disposition: attachment; filename=\"report.pdf\"\nContent-Transfer-Encoding: base64\n\n" + B64_PDF))
svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>"
write("svg-attachment", crlf(hdr("Diagram", "svg") + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"v\"\n\n--v\nContent-Type: text/plain\n\nSee the diagram.\n--v\nContent-Type: image/svg+xml; name=\"diagram.svg\"\nContent-Disposition: attachment; filename=\"diagram.svg\"\n\n" + svg + "\n--v--\n"))
write("rfc2231-filename", crlf(hdr("RFC 2231", "rfc2231") + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"r\"\n\n--r\nContent-Type: text/plain\n\nFile attached.\n--r\nContent-Type: application/pdf\nContent-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%20%C3%A9t%C3%A9.pdf\nContent-Transfer-Encoding: base64\n\n" + B64_PDF + "--r--\n"))
write("rfc2231-continuation", crlf(hdr("RFC 2231 continued", "rfc2231-cont") + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"r\"\n\n--r\nContent-Type: text/plain\n\nFile attached.\n--r\nContent-Type: application/pdf\nContent-Disposition: attachment;\n filename*0*=UTF-8''rapport%20d%27;\n filename*1*=incident%20%C3%A9t%C3%A9.pdf\nContent-Transfer-Encoding: base64\n\n" + B64_PDF + "--r--\n"))
write("traversal-filename", crlf(hdr("Traversal", "traversal") + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"z\"\n\n--z\nContent-Type: text/plain\n\nFile.\n--z\nContent-Type: text/plain; name=\"../../etc/passwd\"\nContent-Disposition: attachment; filename=\"..\\\\..\\\\windows\\\\system32\\\\evil.bat\"\n\nroot:x:0:0\n--z--\n"))
write("control-chars-filename", crlf(hdr("Control chars", "control-chars") + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"z\"\n\n--z\nContent-Type: text/plain\n\nFile.\n--z\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"a\x07b\x1bc.bin\"\n\nxyz\n--z--\n"))
write("zero-length-attachment", crlf(hdr("Empty file", "zero-length") + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"z\"\n\n--z\nContent-Type: text/plain\n\nAn empty file.\n--z\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"empty.bin\"\n\n\n--z--\n"))
write("inline-image-unreferenced", crlf(hdr("Photo", "inline-unref") + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"z\"\n\n--z\nContent-Type: text/plain\n\nPhoto of the cable.\n--z\nContent-Type: image/png\nContent-ID: <photo@corpus>\nContent-Disposition: inline\nContent-Transfer-Encoding: base64\n\n" + PNG + "--z--\n"))
write("html-attachment-inline", crlf(hdr("HTML file", "html-inline") + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"z\"\n\n--z\nContent-Type: text/plain\n\nA page.\n--z\nContent-Type: text/html; name=\"page.html\"\nContent-Disposition: inline; filename=\"page.html\"\n\n<script>alert(1)</script>\n--z--\n"))
# --- automatic mail
report = ("--rep\nContent-Type: text/plain\n\nDelivery to the following recipient failed permanently:\n  nobody@corpus.example\n"
          "--rep\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.corpus.example\n\nFinal-Recipient: rfc822; nobody@corpus.example\nAction: failed\nStatus: 5.1.1\n"
          "--rep\nContent-Type: text/rfc822-headers\n\nFrom: support@relais.test\nTo: nobody@corpus.example\nSubject: [Relais #1] Re: x\nMessage-ID: <relais.1.abcdefgh.00000000000000000000@relais.test>\n--rep--\n")
write("bounce-dsn", crlf("From: Mail Delivery Subsystem <mailer-daemon@corpus.example>\nTo: support@relais.test\nSubject: Delivery Status Notification (Failure)\nMessage-ID: <bounce-dsn@corpus.example>\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"rep\"\n\n" + report))
write("bounce-plain-postmaster", crlf("From: postmaster@corpus.example\nTo: support@relais.test\nSubject: Undeliverable: your message\nMessage-ID: <bounce-plain@corpus.example>\n\nYour message could not be delivered to nobody@corpus.example.\n"))
simple("ooo-outlook", "Automatic reply: Printer offline", "I am out of the office until Monday.", extra="Auto-Submitted: auto-replied\nX-MS-Exchange-Inbox-Rules-Loop: julie.martin@corpus.example\n")
simple("ooo-gmail", "Vacation", "I'm on vacation.", extra="Auto-Submitted: auto-replied\nPrecedence: bulk\n")
simple("ooo-exchange", "Out of Office: Printer offline", "Absent.", extra="X-Auto-Response-Suppress: All\nThread-Topic: Printer offline\n")
simple("mailing-list", "[users] Weekly digest", "Digest of the list.", extra="List-Id: <users.lists.corpus.example>\nPrecedence: list\n")
simple("x-autoreply", "Auto: got it", "Auto reply.", extra="X-Autoreply: yes\n")
simple("empty-return-path", "Notice", "Empty return path.", extra="Return-Path: <>\n")
simple("noreply-sender", "Your invoice", "Do not reply.", frm="noreply@billing.corpus.example")
simple("foreign-loop-header", "Other desk", "Loop header of another installation.", extra="X-Relais-Loop: someone-elses-value\n")
# --- threading oddities
simple("reply-unknown-reference", "Re: something", "Reply to a message we never saw.", extra="In-Reply-To: <never-seen@elsewhere.example>\nReferences: <never-seen@elsewhere.example>\n")
simple("garbage-references", "Re: garbage", "References are garbage.", extra="In-Reply-To: not even brackets\nReferences: <<>> <a b> <relais.x.y.z@q>\n")
simple("unknown-subject-tag", "Re: [Relais #999999999] old ticket", "A tag of a ticket that does not exist.")
print("wrote", n[0], "messages to", OUT)
