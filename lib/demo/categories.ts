/**
 * The demo's merchant categories: how many merchants each has, how much users want it, what
 * an order costs, when in the day it is ordered and the word lists its names are built from.
 */

/** Daily rhythm a category follows (see `HOUR_PROFILES` in rhythm.ts). */
export type HourProfile =
  | 'meal'
  | 'late'
  | 'coffee'
  | 'breakfast'
  | 'evening'
  | 'groceries'
  | 'pharmacy';

/** Static description of one merchant category. */
export interface CategorySpec {
  /** Category label written to events (lowercase). */
  id: string;
  /** Relative share of the merchant catalogue. */
  merchantShare: number;
  /** Relative demand: the base measure of the users' Dirichlet tastes. */
  demand: number;
  /** Mean order total (currency units). */
  meanTotal: number;
  /** Log-scale spread of order totals (lognormal σ). */
  sigmaTotal: number;
  profile: HourProfile;
  /** First name words ("Napoli"), combined with `nouns` ("Slice"). */
  prefixes: readonly string[];
  nouns: readonly string[];
  /** Stand-alone brand names, some with commas and quotes (exercise CSV quoting). */
  brands: readonly string[];
}

const c = (
  id: string,
  merchantShare: number,
  demand: number,
  meanTotal: number,
  sigmaTotal: number,
  profile: HourProfile,
  prefixes: string,
  nouns: string,
  brands: readonly string[] = [],
): CategorySpec => ({
  id,
  merchantShare,
  demand,
  meanTotal,
  sigmaTotal,
  profile,
  prefixes: prefixes.split('|'),
  nouns: nouns.split('|'),
  brands,
});

/** The 16 categories, in a fixed order (category index = position). */
// prettier-ignore
export const CATEGORIES: readonly CategorySpec[] = [
  c('pizza', 10, 12, 25, 0.35, 'late',
    "Napoli|Roma|Bella|Tony's|Luigi's|Vesuvio|Mamma Mia|Brooklyn|Sicilia|Milano|Verona|Stone Oven|Golden Crust|Papa Nino's",
    'Slice|Pizzeria|Pizza|Pizza Co.|Pizza Bar|Pizza House', ['Dough, Sauce & Co.']),
  c('burgers', 9, 11, 18, 0.35, 'late',
    "Smash|Big Bite|Charcoal|Prime|Stack|Juicy|Flame|Bronx|Route 66|Patty|Double Deck|Uncle Sam's|Backyard|Brew",
    'Burgers|Burger Hub|Burger Bar|Grill|Burger Joint|Diner', ['Bun, Patty & Co.']),
  c('shawarma', 7, 8, 14, 0.3, 'late',
    "Beirut|Aleppo|Damascus|Sultan|Zaatar|Cedar|Levant|Habibi|Al Sham|Abu Ali's|Golden|Pita",
    'Shawarma|Shawarma Corner|Shawarma House|Grill|Express|Kitchen', ['The "Original" Shawarma']),
  c('sushi', 5, 6, 32, 0.4, 'meal',
    'Tokyo|Osaka|Sakura|Koi|Umi|Zen|Kyoto|Wasabi|Hana|Yuki|Nori|Ginza',
    'Sushi|Sushi Bar|Sushi House|Maki|Omakase|Rolls'),
  c('coffee', 8, 8, 6, 0.35, 'coffee',
    'Bean|Daily|Morning|Roast|Crema|Brew|Grind|Espresso|Third Wave|Copper|Black Cup|Golden Bean',
    'Coffee|Coffee Co.|Café|Roasters|Coffee Bar|Coffee House', ['Bean There, Done That']),
  c('desserts', 6, 6, 12, 0.4, 'evening',
    'Sugar|Sweet|Velvet|Honey|Cocoa|Caramel|Cloud|Frosty|Candy|Vanilla|Cherry|Maple',
    'Desserts|Sweets|Gelato|Creamery|Waffles|Cupcakes', ['Sugar, Spice & Everything Nice']),
  c('groceries', 8, 8, 45, 0.55, 'groceries',
    'Fresh|Daily|Green|City|Family|Corner|Quick|Urban|Harvest|Sunrise|Value|Metro',
    'Market|Grocer|Mart|Foods|Supermarket|Minimarket'),
  c('pharmacy', 4, 3, 22, 0.6, 'pharmacy',
    'Corner|Care|Life|Health|Well|City|Family|Green Cross|Plus|Vital|Medi|Good',
    'Pharmacy|Chemist|Drugstore|Pharma|Apothecary|Meds'),
  c('chicken', 7, 8, 16, 0.35, 'late',
    'Crispy|Golden|Hot|Cluck|Southern|Nashville|Firebird|Rooster|Peri Peri|Dixie|Smoky|Bluegrass',
    'Chicken|Wings|Fried Chicken|Chicken Shack|Rotisserie|Chicken Co.', ['Fried, Dipped & Glazed']),
  c('healthy', 6, 7, 15, 0.3, 'meal',
    'Green|Fresh|Lean|Vital|Leaf|Garden|Sprout|Harvest|Power|Pure|Root|Sunny',
    'Bowl|Salads|Kitchen|Greens|Bowl Co.|Juice Bar'),
  c('bakery', 4, 4, 9, 0.4, 'breakfast',
    "Golden|Rustic|Flour|Crumb|Butter|Village|Morning|Hearth|Baker's|Wheat|Sourdough|Little",
    'Bakery|Bakehouse|Boulangerie|Bread Co.|Patisserie|Bake Shop'),
  c('asian', 7, 7, 20, 0.35, 'meal',
    'Ginger|Bamboo|Lotus|Jade|Dragon|Golden Panda|Mekong|Saigon|Bangkok|Seoul|Canton|Red Lantern',
    'Noodles|Wok|Kitchen|Express|Noodle Bar|House'),
  c('mexican', 4, 4, 19, 0.35, 'meal',
    "Taco|El Sol|La Casa|Amigos|Azteca|Chili|Oaxaca|Salsa|Frida's|Jalisco|Mariachi|Agave",
    'Tacos|Taqueria|Cantina|Burritos|Mexican Grill|Cocina'),
  c('indian', 4, 4, 23, 0.35, 'meal',
    'Taj|Bombay|Delhi|Masala|Spice|Tandoori|Namaste|Maharaja|Saffron|Chutney|Royal|Mumbai',
    'Kitchen|Curry House|Tandoor|Palace|Express|Dhaba', ['Curry, Rice & Spice']),
  c('breakfast', 3, 3, 14, 0.3, 'breakfast',
    'Sunny Side|Early Bird|Pancake|Morning Glory|Toast|Rise|Golden Yolk|Daybreak|Omelette|Benedict|Egg & Co|Dawn',
    'Breakfast|Brunch Club|Diner|Café|Kitchen|Eatery'),
  c('seafood', 3, 3, 30, 0.4, 'meal',
    "Captain's|Ocean|Harbour|Blue Fin|Anchor|Lighthouse|Coral|Salty|Pier|Neptune|Mariner|Tide",
    'Seafood|Fish House|Fish & Chips|Oyster Bar|Catch|Grill', ['Fish, Chips & Co.']),
];

/** Delivery areas (neighbourhoods); merchant names end with their area. Adjacent entries are neighbours. */
export const AREAS: readonly string[] = (
  'Downtown|Marina|Old Town|Riverside|Harbour Front|Uptown|Midtown|West End|East Side|North Hills|' +
  'South Park|Lakeside|Hillcrest|Parkview|University|Old Port|Market Square|Greenwood|Bayview|' +
  'Westgate|Eastgate|Northgate|Southbank|Kingsway|Queens Park|Central|Station Road|Airport|' +
  'Docklands|Chinatown|Garden District|Beachfront|Cedar Heights|Maple Grove|Oak Park|Pine Ridge|' +
  'Silver Lake|Stonebridge|Victoria|Canal Street'
).split('|');
