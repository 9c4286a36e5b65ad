/** Rule files shared by the CLI tests; each is small enough to reason about by hand. */

/** One error (an unknown signal) and one warning (an unused signal). */
export const BROKEN = `scorecard "Broken" {
  signal seats : number
  signal nps : number
  signal unused : number
  group usage weight 1 {
    metric seats weight 1 = seatz linear { 0 -> 0, 10 -> 100 }
  }
  group sentiment weight 1 {
    metric nps weight 1 = nps linear { -100 -> 0, 100 -> 100 }
  }
  bands {
    good from 50 green
    poor from 0 red
  }
}
`;

/** Two warnings and no error: an unused signal and an unreachable step. */
export const WARNS = `scorecard "Warns" {
  signal nps : number
  signal extra : boolean
  group sentiment weight 1 {
    metric nps weight 1 = nps steps { >= 0 -> 100, >= 10 -> 50, else -> 0 }
  }
  bands {
    good from 50 green
    poor from 0 red
  }
}
`;

/** A syntax error: the colon before the signal type is missing. */
export const SYNTAX = `scorecard "X" {
  signal nps number
}
`;

/**
 * Two groups weighted 3:1, so activation's nominal weight is 0.75 and nps's
 * 0.25; scores in the score tests are worked out from these by hand.
 */
export const TINY = `scorecard "Tiny" {
  signal seats : number
  signal active : number max_age 14d
  signal nps : number

  group usage weight 3 {
    metric activation weight 1 = active / seats
      linear { 0 -> 0, 1 -> 100 }
  }

  group sentiment weight 1 {
    metric nps weight 1 = nps
      steps { >= 50 -> 100, >= 0 -> 50, else -> 0 }
  }

  bands {
    good from 60 green "Keep going"
    poor from 0  red   "Call them"
  }

  alert detractor high when nps < 0 "NPS below zero"

  test "a half-active neutral account is poor" {
    given { seats = 10  active = 6  nps = 40 }
    expect band poor
    expect score == 57.5
  }

  test "a fully active detractor is good but alerted" {
    given { seats = 4  active = 4  nps = -10 }
    expect band good
    expect alert detractor
  }
}
`;
