/** Names and recipes that make the demo factories read like real plants. */

export interface Variant {
  name: string;
  allergens?: string[];
  color?: string;
}

export interface Pack {
  label: string;
  /** Bulk (kg or L) in one unit of the finished item. */
  bulkPerUnit: number;
  /** Purchased containers per finished unit (a case holds several jars). */
  containersPerUnit: number;
}

export interface FamilyTemplate {
  code: string;
  name: string;
  unit: string;
  uom: string;
  variants: Variant[];
  packs: Pack[];
  /** Purchased ingredients of the bulk, kg per kg. */
  ingredients: { name: string; qtyPer: number; allergens?: string[] }[];
  price: [number, number];
}

/** Light to dark: the order of paint campaigns and of cheap changeovers. */
export const COLOR_ORDER = ['white', 'ivory', 'yellow', 'orange', 'red', 'green', 'blue', 'grey', 'brown', 'black'];

const jar = (label: string, kg: number, perCase: number): Pack => ({ label, bulkPerUnit: kg * perCase, containersPerUnit: perCase });

export const FOOD_FAMILIES: FamilyTemplate[] = [
  {
    code: 'SAU', name: 'Pasta sauces', unit: 'case', uom: 'case', price: [14, 22],
    variants: [{ name: 'Tomato Basil' }, { name: 'Arrabbiata' }, { name: 'Pesto Genovese', allergens: ['milk', 'nuts'] }, { name: 'Four Cheese', allergens: ['milk'] }, { name: 'Bolognese', allergens: ['celery'] }, { name: 'Olive' }],
    packs: [jar('370 g jar ×12', 0.37, 12), jar('500 g jar ×6', 0.5, 6), jar('1 kg jar ×6', 1, 6)],
    ingredients: [{ name: 'Tomato paste', qtyPer: 0.55 }, { name: 'Olive oil', qtyPer: 0.08 }, { name: 'Sugar', qtyPer: 0.03 }, { name: 'Salt', qtyPer: 0.015 }],
  },
  {
    code: 'SPR', name: 'Sweet spreads', unit: 'case', uom: 'case', price: [18, 30],
    variants: [{ name: 'Hazelnut Cocoa', allergens: ['nuts', 'milk'] }, { name: 'Strawberry' }, { name: 'Apricot' }, { name: 'Salted Caramel', allergens: ['milk'] }, { name: 'Peanut', allergens: ['peanuts'] }],
    packs: [jar('200 g jar ×12', 0.2, 12), jar('400 g jar ×12', 0.4, 12)],
    ingredients: [{ name: 'Sugar', qtyPer: 0.45 }, { name: 'Vegetable oil', qtyPer: 0.2 }, { name: 'Milk powder', qtyPer: 0.08, allergens: ['milk'] }, { name: 'Pectin', qtyPer: 0.01 }],
  },
  {
    code: 'BIS', name: 'Biscuits', unit: 'case', uom: 'case', price: [12, 19],
    variants: [{ name: 'Butter', allergens: ['gluten', 'milk'] }, { name: 'Oat', allergens: ['gluten'] }, { name: 'Chocolate Chip', allergens: ['gluten', 'milk', 'soy'] }, { name: 'Hazelnut', allergens: ['gluten', 'nuts'] }, { name: 'Sesame Cracker', allergens: ['gluten', 'sesame'] }],
    packs: [jar('150 g pack ×20', 0.15, 20), jar('300 g pack ×12', 0.3, 12)],
    ingredients: [{ name: 'Wheat flour', qtyPer: 0.55, allergens: ['gluten'] }, { name: 'Sugar', qtyPer: 0.2 }, { name: 'Butter', qtyPer: 0.15, allergens: ['milk'] }, { name: 'Salt', qtyPer: 0.01 }],
  },
  {
    code: 'SOU', name: 'Soups', unit: 'case', uom: 'case', price: [10, 16],
    variants: [{ name: 'Tomato' }, { name: 'Minestrone', allergens: ['celery', 'gluten'] }, { name: 'Pumpkin' }, { name: 'Mushroom Cream', allergens: ['milk'] }, { name: 'Lentil' }],
    packs: [jar('400 g pouch ×8', 0.4, 8), jar('1 L carton ×6', 1, 6)],
    ingredients: [{ name: 'Vegetable stock', qtyPer: 0.5, allergens: ['celery'] }, { name: 'Tomato paste', qtyPer: 0.2 }, { name: 'Salt', qtyPer: 0.01 }, { name: 'Starch', qtyPer: 0.03 }],
  },
  {
    code: 'DRS', name: 'Dressings', unit: 'case', uom: 'case', price: [15, 24],
    variants: [{ name: 'Vinaigrette', allergens: ['mustard'] }, { name: 'Caesar', allergens: ['egg', 'milk', 'fish'] }, { name: 'Honey Mustard', allergens: ['mustard'] }, { name: 'Yogurt Herb', allergens: ['milk'] }, { name: 'Sesame Soy', allergens: ['sesame', 'soy'] }],
    packs: [jar('250 ml bottle ×12', 0.25, 12), jar('500 ml bottle ×6', 0.5, 6)],
    ingredients: [{ name: 'Vegetable oil', qtyPer: 0.4 }, { name: 'Vinegar', qtyPer: 0.2 }, { name: 'Egg yolk powder', qtyPer: 0.03, allergens: ['egg'] }, { name: 'Salt', qtyPer: 0.02 }],
  },
];

const can = (label: string, litres: number): Pack => ({ label, bulkPerUnit: litres, containersPerUnit: 1 });
const colors = (names: string[]): Variant[] => names.map((name) => ({ name, color: name.split(' ').pop()!.toLowerCase() }));

export const PAINT_FAMILIES: FamilyTemplate[] = [
  {
    code: 'IMT', name: 'Interior matt emulsion', unit: 'can', uom: 'can', price: [9, 45],
    variants: colors(['Brilliant White', 'Antique Ivory', 'Sunny Yellow', 'Terracotta Orange', 'Pillar Red', 'Sage Green', 'Ocean Blue', 'Slate Grey', 'Cocoa Brown', 'Jet Black']),
    packs: [can('1 L', 1), can('2.5 L', 2.5), can('5 L', 5), can('10 L', 10)],
    ingredients: [{ name: 'Titanium dioxide', qtyPer: 0.2 }, { name: 'Acrylic binder', qtyPer: 0.3 }, { name: 'Calcium carbonate', qtyPer: 0.25 }, { name: 'Dispersant', qtyPer: 0.01 }],
  },
  {
    code: 'ISK', name: 'Interior silk', unit: 'can', uom: 'can', price: [11, 52],
    variants: colors(['Pure White', 'Warm Ivory', 'Lemon Yellow', 'Coral Red', 'Mint Green', 'Sky Blue', 'Dove Grey', 'Midnight Black']),
    packs: [can('1 L', 1), can('2.5 L', 2.5), can('5 L', 5)],
    ingredients: [{ name: 'Titanium dioxide', qtyPer: 0.22 }, { name: 'Acrylic binder', qtyPer: 0.35 }, { name: 'Calcium carbonate', qtyPer: 0.15 }, { name: 'Thickener', qtyPer: 0.02 }],
  },
  {
    code: 'EXT', name: 'Exterior masonry', unit: 'can', uom: 'can', price: [25, 70],
    variants: colors(['Bright White', 'Magnolia Ivory', 'Sandstone Yellow', 'Brick Red', 'Moss Green', 'Storm Grey', 'Chocolate Brown', 'Anthracite Black']),
    packs: [can('5 L', 5), can('10 L', 10)],
    ingredients: [{ name: 'Titanium dioxide', qtyPer: 0.18 }, { name: 'Silicone binder', qtyPer: 0.3 }, { name: 'Quartz sand', qtyPer: 0.3 }, { name: 'Biocide', qtyPer: 0.005 }],
  },
  {
    code: 'WST', name: 'Wood stains', unit: 'can', uom: 'can', price: [12, 38],
    variants: colors(['Natural Ivory', 'Pine Yellow', 'Teak Orange', 'Mahogany Red', 'Forest Green', 'Walnut Brown', 'Ebony Black']),
    packs: [can('0.75 L', 0.75), can('2.5 L', 2.5)],
    ingredients: [{ name: 'Alkyd resin', qtyPer: 0.4 }, { name: 'White spirit', qtyPer: 0.35 }, { name: 'UV absorber', qtyPer: 0.01 }, { name: 'Dispersant', qtyPer: 0.01 }],
  },
  {
    code: 'ENM', name: 'Gloss enamels', unit: 'can', uom: 'can', price: [14, 40],
    variants: colors(['Gloss White', 'Signal Yellow', 'Traffic Red', 'Racing Green', 'Navy Blue', 'Graphite Grey', 'Gloss Black']),
    packs: [can('0.75 L', 0.75), can('2.5 L', 2.5)],
    ingredients: [{ name: 'Alkyd resin', qtyPer: 0.45 }, { name: 'Titanium dioxide', qtyPer: 0.15 }, { name: 'White spirit', qtyPer: 0.25 }, { name: 'Drier', qtyPer: 0.005 }],
  },
];

export const SUPPLIER_NAMES = [
  'Agrifresh Ingredients', 'Nordic Packaging', 'Chemtrade Europe', 'Alpine Glassworks', 'Pigmenta', 'Labelprint',
  'Mediterranean Oils', 'Polycan', 'Silvalux Resins', 'Millbrook Flour', 'Cartonex', 'Dairygold Powders',
];

export const PLANT_NAMES: Record<string, string> = {
  food: 'Ponte Foods — Valle plant',
  paint: 'Ponte Coatings — Riva plant',
  mixed: 'Ponte Group — Ponte plant',
};
