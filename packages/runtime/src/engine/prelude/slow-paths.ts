// The prelude's slow paths, run for firing and not-evaluable rules and for traces, never on
// the fast path: the value of a condition tree with a per-evaluation cache of atom values,
// the atoms that decided it, the missing inputs that left it unknown.
//
// Everything below the engine-text line is copied into generated engines with its types
// erased (scripts/gen-engine-text.mjs). The tables it reads are generated per rule set.

/** A condition tree: [0, atom] [1, ...and] [2, ...or] [3, not] [4, definition] [5, constant]. */
export type Tree = readonly (number | Tree)[];

/** A result object, frozen all the way down before it is returned. */
export type Freezable = string | number | boolean | bigint | null | undefined | { readonly [key: string]: Freezable };

/** Atom id → its fast-path function (1 true, 0 false, 2 unknown), its cached value and generation. */
declare const $AT: readonly ((() => number) | null)[];
declare const $AV: Int8Array;
declare const $AG: Uint32Array;
/** Atom id → the condition definitions it reads, and the input slots it reads. */
declare const $AD: readonly (readonly number[])[];
declare const $AM: readonly (readonly number[])[];
/** Definition index → its function and tree (null unless a condition). */
declare const $DF: readonly ((() => number) | null)[];
declare const $DT: readonly (Tree | null)[];
/** Input slot → its value reader and key; fact-text cache generations ($fmtF). */
declare const $FV: readonly (() => unknown)[];
declare const $IK: readonly string[];
declare const $FG: Uint32Array;
/** Atom id → its explanation text, given the atom's value when known (else evaluated again). */
declare const $RT: readonly (((held?: number) => string) | null)[];

// ---- engine text
// ---- slow paths: condition trees [0, atom] [1, ...and] [2, ...or] [3, not] [4, definition] [5, constant]

export let $tr: number[] | null = null;

/** Slow-path cache of atom values, valid while $AG[id] === $gen (one generation per evaluation). */
export let $gen = 0;

export function $nextGeneration(): void {
  if ($gen === 0xffffffff) { $AG.fill(0); $FG.fill(0); $gen = 0; }
  $gen++;
}

export function $nv(n: Tree): number {
  switch (n[0]) {
    case 0: {
      const id = n[1] as number;
      let v: number;
      if ($AG[id] === $gen) v = $AV[id]!;
      else { v = $AT[id]!(); $AG[id] = $gen; $AV[id] = v; }
      if ($tr !== null) { $tr[id] = v; $traceDefs($AD[id]!); }
      return v;
    }
    case 1: {
      let r = 1;
      for (let i = 1; i < n.length; i++) {
        const x = $nv(n[i] as Tree);
        if (x === 0) { r = 0; if ($tr === null) return 0; }
        else if (x === 2 && r === 1) r = 2;
      }
      return r;
    }
    case 2: {
      let r = 0;
      for (let i = 1; i < n.length; i++) {
        const x = $nv(n[i] as Tree);
        if (x === 1) { r = 1; if ($tr === null) return 1; }
        else if (x === 2 && r === 0) r = 2;
      }
      return r;
    }
    case 3: {
      const x = $nv(n[1] as Tree);
      return x === 2 ? 2 : 1 - x;
    }
    case 4:
      if ($tr !== null) $traceDefs([n[1] as number]);
      return $DF[n[1] as number]!();
    default:
      return n[1] as number;
  }
}

export let $dw: Uint8Array | null = null;

export function $traceDefs(list: readonly number[]): void {
  for (let i = 0; i < list.length; i++) {
    const k = list[i]!;
    if ($dw![k] === 1) continue;
    $dw![k] = 1;
    if ($DT[k] !== null) $nv($DT[k]!);
  }
}

// The walks below collect into these scratch lists, reused by every evaluation, so that
// the lists returned are allocated once at their final length (most hold one or two items).
/** $why's atoms: $WB[0 … $wn - 1]. */
export let $WB = new Int32Array(16);
export let $wn = 0;
/** $miss's keys: $MK[0 … $mn - 1]. */
export const $MK: string[] = [];
export let $mn = 0;

/** Atoms that make node n take its value (1 or 0), in order, into $WB (deduplicated). */
export function $why(n: Tree): void {
  switch (n[0]) {
    case 0: {
      const id = n[1] as number;
      for (let i = 0; i < $wn; i++) if ($WB[i] === id) return;
      if ($wn === $WB.length) { const g = new Int32Array($wn * 2); g.set($WB); $WB = g; }
      $WB[$wn++] = id;
      return;
    }
    case 1:
    case 2: {
      const v = $nv(n);
      const all = (n[0] === 1) === (v === 1);
      for (let i = 1; i < n.length; i++) if (all || $nv(n[i] as Tree) === v) $why(n[i] as Tree);
      return;
    }
    case 3:
      $why(n[1] as Tree);
      return;
    case 4:
      if ($DT[n[1] as number] !== null) $why($DT[n[1] as number]!);
      return;
    default:
      return;
  }
}

/** Input keys whose absence leaves node n (unknown) unknown, into $MK (no duplicates). */
export function $miss(n: Tree): void {
  switch (n[0]) {
    case 0: {
      $missKeys($AM[n[1] as number]!);
      return;
    }
    case 1:
    case 2:
      for (let i = 1; i < n.length; i++) if ($nv(n[i] as Tree) === 2) $miss(n[i] as Tree);
      return;
    case 3:
      $miss(n[1] as Tree);
      return;
    case 4:
      if ($DT[n[1] as number] !== null) $miss($DT[n[1] as number]!);
      return;
    default:
      return;
  }
}

export function $missKeys(ks: readonly number[]): void {
  for (let i = 0; i < ks.length; i++) {
    if ($FV[ks[i]!]!() != null) continue;
    const key = $IK[ks[i]!]!;
    let j = 0;
    while (j < $mn && $MK[j] !== key) j++;
    if (j === $mn) $MK[$mn++] = key;
  }
}

/** The sorted input keys that leave a rule not evaluable: when w, unless trees us, dose keys dk. */
export function $missing(w: Tree | null, us: readonly Tree[], dk: readonly number[]): string[] {
  $mn = 0;
  const wv = w === null ? 1 : $nv(w);
  if (wv === 2) $miss(w!);
  let uv = 0;
  for (let i = 0; i < us.length; i++) {
    const x = $nv(us[i]!);
    if (x === 2) { uv = 2; $miss(us[i]!); }
  }
  if (wv === 1 && uv === 0) $missKeys(dk);
  return $mn === 1 ? [$MK[0]!] : $sorted($MK.slice(0, $mn));
}

/** Sorted in place by UTF-16 code units (insertion sort: these lists are short). */
export function $sorted<T extends string | number>(list: T[]): T[] {
  for (let i = 1; i < list.length; i++) {
    const x = list[i]!;
    let j = i - 1;
    while (j >= 0 && list[j]! > x) { list[j + 1] = list[j]!; j--; }
    list[j + 1] = x;
  }
  return list;
}

/** The atoms that decided a fired rule's condition (its value is 1), each with its text. */
export function $explain(tree: Tree | null): { atom: number; text: string }[] {
  if (tree === null) return [];
  // A rule whose condition is one atom: that atom, true since the rule fired.
  if (tree[0] === 0) return [{ atom: tree[1] as number, text: $RT[tree[1] as number]!(1) }];
  $wn = 0;
  $why(tree);
  const n = $wn;
  const a = $WB[0]!;
  if (n === 1) return [$explained(a)];
  const b = $WB[1]!;
  if (n === 2) { const first = $explained(a); return [first, $explained(b)]; }
  const c = $WB[2]!;
  if (n === 3) { const first = $explained(a), second = $explained(b); return [first, second, $explained(c)]; }
  const out: { atom: number; text: string }[] = [];
  for (let i = 0; i < n; i++) out.push($explained($WB[i]!));
  return out;
}

/** An atom with its text; the walk cached most atoms' values for this evaluation, the others are evaluated again. */
function $explained(id: number): { atom: number; text: string } {
  return { atom: id, text: $RT[id]!($AG[id] === $gen ? $AV[id] : undefined) };
}

export function $deepFreeze(o: Freezable): Freezable {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const k of Object.keys(o)) $deepFreeze(o[k]);
  }
  return o;
}
