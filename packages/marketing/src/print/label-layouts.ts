/** Points per millimetre (a PDF point is 1/72 inch). */
const MM = 72 / 25.4;
/** Points per inch. */
const IN = 72;

/** The geometry of one label sheet, in PDF points (1/72 inch), measured from the top-left corner. */
export interface LabelLayout {
  /** The layout's name as the manufacturer sells it. */
  readonly name: string;
  /** Paper size in points: `[width, height]`. */
  readonly page: readonly [number, number];
  readonly columns: number;
  readonly rows: number;
  /** One label's width and height. */
  readonly labelWidth: number;
  readonly labelHeight: number;
  /** The top-left corner of the first label. */
  readonly marginLeft: number;
  readonly marginTop: number;
  /** The distance from one label's left edge to the next one's, and from one top edge to the next. */
  readonly pitchX: number;
  readonly pitchY: number;
  /** The largest type size used; longer addresses are set smaller to fit. */
  readonly fontSize: number;
  /** Space kept free inside each label's edges. */
  readonly padding: number;
}

/**
 * Standard address label sheets. `L7163`: Avery's A4 sheet of 14 labels, 99.1 × 38.1 mm in
 * 2 columns and 7 rows (margins 4.65 mm left, 15.15 mm top; 2.5 mm between the columns).
 * `5160`: Avery's US Letter sheet of 30 labels, 2⅝ × 1 inch in 3 columns and 10 rows
 * (margins 3/16 inch left, ½ inch top; ⅛ inch between the columns).
 */
export const LABEL_LAYOUTS = {
  L7163: {
    name: "Avery L7163",
    page: [210 * MM, 297 * MM],
    columns: 2,
    rows: 7,
    labelWidth: 99.1 * MM,
    labelHeight: 38.1 * MM,
    marginLeft: 4.65 * MM,
    marginTop: 15.15 * MM,
    pitchX: 101.6 * MM,
    pitchY: 38.1 * MM,
    fontSize: 10,
    padding: 5 * MM,
  },
  "5160": {
    name: "Avery 5160",
    page: [8.5 * IN, 11 * IN],
    columns: 3,
    rows: 10,
    labelWidth: 2.625 * IN,
    labelHeight: 1 * IN,
    marginLeft: 0.1875 * IN,
    marginTop: 0.5 * IN,
    pitchX: 2.75 * IN,
    pitchY: 1 * IN,
    fontSize: 8,
    padding: 0.1 * IN,
  },
} as const satisfies Record<string, LabelLayout>;

/** The name of a label layout Rapport knows. */
export type LabelLayoutName = keyof typeof LABEL_LAYOUTS;

/** The names of {@link LABEL_LAYOUTS}, for schemas. */
export const LABEL_LAYOUT_NAMES = Object.keys(LABEL_LAYOUTS) as [LabelLayoutName, ...LabelLayoutName[]];

/** Where label number `index` (0-based, counted across sheets) sits: its sheet and its top-left corner. */
export function labelPosition(layout: LabelLayout, index: number): { sheet: number; x: number; y: number } {
  const perSheet = layout.columns * layout.rows;
  const onSheet = index % perSheet;
  return {
    sheet: Math.floor(index / perSheet),
    x: layout.marginLeft + (onSheet % layout.columns) * layout.pitchX,
    y: layout.marginTop + Math.floor(onSheet / layout.columns) * layout.pitchY,
  };
}

/** Paper sizes for letters, in points. */
export const PAPER_SIZES = {
  A4: [210 * MM, 297 * MM],
  letter: [8.5 * IN, 11 * IN],
} as const satisfies Record<string, readonly [number, number]>;

/** A paper size for letters. */
export type PaperSize = keyof typeof PAPER_SIZES;

/** Millimetres in points. */
export const mm = (value: number): number => value * MM;
