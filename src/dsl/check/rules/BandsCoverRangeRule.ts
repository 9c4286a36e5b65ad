import { BAND_COLORS, bandsOf, type BandDecl } from '../../ast.js';
import { literalText, type CheckContext } from '../context.js';
import { didYouMean } from '../suggest.js';

/**
 * HR106: the bands cover the whole range 0..100 without overlap: there are
 * two or more, their `from` values strictly decrease, none is above 100 and
 * the last starts from 0, so every score falls in exactly one band. Each
 * color is one the frontends know how to draw.
 */
export function BandsCoverRangeRule(ctx: CheckContext): void {
  const block = ctx.card.body.find((d) => d.kind === 'Bands');
  if (!block) {
    ctx.error(
      'HR106',
      'the scorecard has no `bands` block; expected two or more bands, the last from 0',
      ctx.card.title.range,
    );
    return;
  }

  const bands = bandsOf(ctx.card);
  if (bands.length < 2) {
    ctx.error('HR106', `\`bands\` needs at least two bands; found ${bands.length}`, block.range);
  }

  bands.forEach((band, i) => {
    checkFrom(ctx, band, bands[i - 1]);
    checkColor(ctx, band);
  });

  const last = bands[bands.length - 1];
  if (last && last.from.value !== 0) {
    ctx.error(
      'HR106',
      `the last band must start from 0; \`${last.name.name}\` starts from ` +
        literalText(last.from),
      last.from.range,
    );
  }
}

function checkFrom(ctx: CheckContext, band: BandDecl, previous: BandDecl | undefined): void {
  const from = band.from;
  if (from.value > 100) {
    ctx.error(
      'HR106',
      `a band cannot start above 100; \`${band.name.name}\` starts from ${literalText(from)}`,
      from.range,
    );
  } else if (previous && from.value >= previous.from.value) {
    ctx.error(
      'HR106',
      `bands must be listed from the highest \`from\` down; \`${band.name.name}\` starts from ` +
        `${literalText(from)}, expected below the ${literalText(previous.from)} ` +
        `of \`${previous.name.name}\``,
      from.range,
    );
  }
}

function checkColor(ctx: CheckContext, band: BandDecl): void {
  const color = band.color.name;
  if ((BAND_COLORS as readonly string[]).includes(color)) return;
  const hint = didYouMean(color, BAND_COLORS) || `; expected one of ${BAND_COLORS.join(', ')}`;
  ctx.error('HR106', `unknown band color \`${color}\`${hint}`, band.color.range);
}
