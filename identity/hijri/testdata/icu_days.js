// icu_days.js is the oracle of TestEveryDayAgainstICU: for every Gregorian day
// FROM..TO (days since 1970-01-01, inclusive) it prints one line
//
//	DAY YEAR MONTH DAY-OF-MONTH
//
// with the Hijri date ICU's islamic-umalqura calendar gives that day. It
// knows nothing of package hijri or its generator; it only asks ICU.
//
//	node icu_days.js FROM TO
'use strict';

const [from, to] = process.argv.slice(2).map(Number);
if (!Number.isInteger(from) || !Number.isInteger(to) || from > to) {
  process.stderr.write('usage: node icu_days.js FROM TO (days since 1970-01-01)\n');
  process.exit(2);
}
const fmt = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', {
  timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric',
});
if (fmt.resolvedOptions().calendar !== 'islamic-umalqura') {
  process.stderr.write(`icu_days.js: no islamic-umalqura in this node's ICU (got ${fmt.resolvedOptions().calendar})\n`);
  process.exit(1);
}
const lines = [];
for (let day = from; day <= to; day++) {
  const h = {};
  for (const p of fmt.formatToParts(new Date(day * 86400000))) h[p.type] = p.value;
  lines.push(`${day} ${h.year} ${h.month} ${h.day}`);
}
lines.push('');
process.stdout.write(lines.join('\n'));
