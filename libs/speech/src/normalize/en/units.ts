import { closesSentence, regexRule } from '../pipeline';
import { NUMBER, type EnglishContext, type EnglishRule } from './english-context';
import { numberWords } from './number-words';

/** Singular and plural; a third and fourth entry are the Commonwealth spellings where they differ. */
type UnitNames = readonly [string, string] | readonly [string, string, string, string];

const UNITS: Record<string, UnitNames> = {
  km: ['kilometer', 'kilometers', 'kilometre', 'kilometres'],
  m: ['meter', 'meters', 'metre', 'metres'],
  cm: ['centimeter', 'centimeters', 'centimetre', 'centimetres'],
  mm: ['millimeter', 'millimeters', 'millimetre', 'millimetres'],
  'km²': ['square kilometer', 'square kilometers', 'square kilometre', 'square kilometres'],
  'm²': ['square meter', 'square meters', 'square metre', 'square metres'],
  kg: ['kilogram', 'kilograms'],
  g: ['gram', 'grams'],
  mg: ['milligram', 'milligrams'],
  lb: ['pound', 'pounds'],
  lbs: ['pound', 'pounds'],
  oz: ['ounce', 'ounces'],
  ft: ['foot', 'feet'],
  in: ['inch', 'inches'],
  yd: ['yard', 'yards'],
  mi: ['mile', 'miles'],
  mph: ['mile per hour', 'miles per hour'],
  'km/h': ['kilometer per hour', 'kilometers per hour', 'kilometre per hour', 'kilometres per hour'],
  kph: ['kilometer per hour', 'kilometers per hour', 'kilometre per hour', 'kilometres per hour'],
  'm/s': ['meter per second', 'meters per second', 'metre per second', 'metres per second'],
  ml: ['milliliter', 'milliliters', 'millilitre', 'millilitres'],
  mL: ['milliliter', 'milliliters', 'millilitre', 'millilitres'],
  l: ['liter', 'liters', 'litre', 'litres'],
  L: ['liter', 'liters', 'litre', 'litres'],
  kB: ['kilobyte', 'kilobytes'],
  KB: ['kilobyte', 'kilobytes'],
  MB: ['megabyte', 'megabytes'],
  GB: ['gigabyte', 'gigabytes'],
  TB: ['terabyte', 'terabytes'],
  Hz: ['hertz', 'hertz'],
  kHz: ['kilohertz', 'kilohertz'],
  MHz: ['megahertz', 'megahertz'],
  GHz: ['gigahertz', 'gigahertz'],
  W: ['watt', 'watts'],
  kW: ['kilowatt', 'kilowatts'],
  kWh: ['kilowatt hour', 'kilowatt hours'],
  ms: ['millisecond', 'milliseconds'],
  sec: ['second', 'seconds'],
  min: ['minute', 'minutes'],
  mins: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  hr: ['hour', 'hours'],
  hrs: ['hour', 'hours'],
  '°C': ['degree Celsius', 'degrees Celsius'],
  '°F': ['degree Fahrenheit', 'degrees Fahrenheit'],
  '°': ['degree', 'degrees'],
};

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// Longest first so "km/h" wins over "km" and "mph" over "m".
const UNIT = Object.keys(UNITS)
  .sort((a, b) => b.length - a.length)
  .map(escape)
  .join('|');
const RANGE = String.raw`([-−])?(${NUMBER})(?:(?: ?[–—] ?|-)(${NUMBER}))?`;
const QUANTITY = new RegExp(String.raw`(?<![\w.,])${RANGE}( ?)(${UNIT})(?![\w°²/])`, 'g');
const PERCENT = new RegExp(
  String.raw`(?<![\w.,])([-−])?(${NUMBER}) ?(?:% ?)?(?:[–—-] ?(${NUMBER}))? ?%`,
  'g',
);

function unitName(ctx: EnglishContext, names: UnitNames, plural: boolean): string {
  const offset = ctx.variant === 'gb' && names.length === 4 ? 2 : 0;
  return names[offset + (plural ? 1 : 0)] ?? names[0];
}

function speakRange(minus: string | undefined, low: string, high: string | undefined): string {
  const first = (minus ? 'minus ' : '') + numberWords(low);
  return high === undefined ? first : `${first} to ${numberWords(high)}`;
}

export const unitRules: readonly EnglishRule[] = [
  regexRule(
    'units.percent',
    PERCENT,
    (_ctx, _m, [minus, low = '', high]) => `${speakRange(minus, low, high)} percent`,
  ),
  regexRule('units.quantity', QUANTITY, (ctx, m, [minus, low = '', high, space, unit = ''], offset, text) => {
    const names = UNITS[unit];
    if (names === undefined) return m;
    const end = offset + m.length;
    let suffix = '';
    if (unit === 'in') {
      // "in" is only inches when glued to the number or ending the phrase: "12in", "12 in." — not "5 in 2003".
      const after = text.slice(end, end + 2);
      if (space !== '' && !/^(?:[.,;:!?)]|$)/.test(after)) return m;
      if (after.startsWith('.') && !closesSentence(text, end + 1)) suffix = '\uE000';
    }
    const plural = high !== undefined || low !== '1';
    return `${speakRange(minus, low, high)} ${unitName(ctx, names, plural)}${suffix}`;
  }),
  // The abbreviation's own period after "in." mid-sentence ("12 in. long") is not a full stop.
  regexRule('units.inch-period', /\uE000\./g, () => ''),
];
