// Each project is a plant drawn by its type and growth stage, in a 100×120
// box whose ground line is y = 112.
import type { Project } from "../../clients/typescript/src/index.js";
import { s } from "./dom.js";

type Stage = Project["growth_stage"];
type Kind = Project["plant_type"];

const stageScale: Record<Stage, number> = { seed: 0.28, sprout: 0.45, growing: 0.68, blooming: 0.88, mature: 1 };
const flowering: Record<Stage, boolean> = { seed: false, sprout: false, growing: false, blooming: true, mature: true };

const leaf = (x: number, y: number, rot: number, size = 12, cls = "leaf") =>
  s("path", { class: cls, d: `M0 0 C ${size * 0.5} ${-size * 0.5} ${size} ${-size * 0.2} ${size * 1.3} 0 C ${size} ${size * 0.3} ${size * 0.4} ${size * 0.4} 0 0 Z`,
    transform: `translate(${x} ${y}) rotate(${rot})` });

const bloom = (x: number, y: number, r: number, cls = "bloom") => {
  const petals: SVGElement[] = [];
  for (let i = 0; i < 5; i++) {
    petals.push(s("ellipse", { class: cls, cx: 0, cy: -r, rx: r * 0.55, ry: r, transform: `rotate(${i * 72})` }));
  }
  return s("g", { transform: `translate(${x} ${y})` }, ...petals, s("circle", { class: "heart", r: r * 0.45 }));
};

const stem = (d: string, cls = "stem") => s("path", { class: cls, d });

function drawKind(kind: Kind, flowers: boolean): SVGElement[] {
  switch (kind) {
    case "tree":
      return [
        s("path", { class: "trunk", d: "M46 112 L47 70 L40 58 L47 62 L50 48 L53 62 L60 56 L53 70 L54 112 Z" }),
        s("circle", { class: "canopy", cx: 50, cy: 42, r: 26 }),
        s("circle", { class: "canopy light", cx: 36, cy: 52, r: 15 }),
        s("circle", { class: "canopy light", cx: 64, cy: 50, r: 16 }),
        ...(flowers ? [[38, 36], [58, 30], [62, 52], [45, 55], [50, 22]].map(([x, y]) => s("circle", { class: "blossom", cx: x, cy: y, r: 3.4 })) : []),
      ];
    case "flower":
      return [stem("M50 112 C 48 90 53 70 50 44"), leaf(50, 90, -150, 14), leaf(50, 80, -30, 13),
        flowers ? bloom(50, 40, 10) : s("ellipse", { class: "bud", cx: 50, cy: 42, rx: 5, ry: 8 })];
    case "vine":
      return [
        s("path", { class: "trellis", d: "M30 112 L30 30 M70 112 L70 30 M30 50 L70 50 M30 80 L70 80" }),
        stem("M50 112 C 30 100 70 90 50 78 C 30 66 70 56 50 44 C 36 36 56 28 48 22"),
        leaf(42, 100, 200), leaf(58, 86, -20), leaf(42, 70, 200), leaf(58, 56, -20), leaf(44, 38, 210),
        ...(flowers ? [bloom(60, 74, 4), bloom(38, 52, 4), bloom(52, 28, 4)] : []),
      ];
    case "shrub":
      return [
        s("ellipse", { class: "canopy", cx: 50, cy: 92, rx: 34, ry: 22 }),
        s("ellipse", { class: "canopy light", cx: 36, cy: 88, rx: 16, ry: 14 }),
        s("ellipse", { class: "canopy light", cx: 64, cy: 84, rx: 16, ry: 15 }),
        ...(flowers ? [[32, 80], [50, 74], [68, 78], [58, 94], [40, 96]].map(([x, y]) => s("circle", { class: "berry", cx: x, cy: y, r: 3.2 })) : []),
      ];
    case "fern": {
      const fronds: SVGElement[] = [];
      for (const [rot, len] of [[-55, 52], [-25, 62], [0, 68], [25, 62], [55, 52]]) {
        const leaves: SVGElement[] = [stem(`M0 0 Q 6 ${-len / 2} 0 ${-len}`)];
        for (let y = 8; y < len - 4; y += 7) leaves.push(leaf(1, -y, -160, 9 - y / 12), leaf(1, -y, -20, 9 - y / 12));
        fronds.push(s("g", { transform: `translate(50 112) rotate(${rot})` }, ...leaves));
      }
      return fronds;
    }
    case "succulent": {
      const petals: SVGElement[] = [];
      for (const [rot, ry, cls] of [[-70, 20, "leaf"], [-35, 24, "leaf"], [0, 26, "leaf"], [35, 24, "leaf"], [70, 20, "leaf"], [-20, 16, "leaf light"], [20, 16, "leaf light"]] as const) {
        petals.push(s("ellipse", { class: cls, cx: 0, cy: -ry, rx: 8, ry, transform: `translate(50 112) rotate(${rot})` }));
      }
      if (flowers) petals.push(bloom(50, 70, 5));
      return petals;
    }
    case "cactus":
      return [
        s("rect", { class: "cactus", x: 40, y: 30, width: 20, height: 82, rx: 10 }),
        s("path", { class: "cactus", d: "M40 78 L30 78 Q 24 78 24 70 L24 52 Q 24 46 30 46 Q 34 46 34 52 L34 68 L40 68 Z" }),
        s("path", { class: "cactus", d: "M60 70 L70 70 Q 76 70 76 62 L76 44 Q 76 38 70 38 Q 66 38 66 44 L66 60 L60 60 Z" }),
        s("path", { class: "ribs", d: "M50 36 L50 110 M45 40 L45 108 M55 40 L55 108" }),
        ...(flowers ? [bloom(50, 30, 5), bloom(71, 38, 3.5)] : []),
      ];
    case "herb": {
      const out: SVGElement[] = [];
      for (const [x, top] of [[38, 60], [46, 48], [54, 52], [62, 64]]) {
        out.push(stem(`M50 112 Q ${x} 90 ${x} ${top}`, "stem thin"));
        for (let y = top + 6; y < 104; y += 12) out.push(leaf(x, y, x < 50 ? 200 : -20, 8), leaf(x, y + 5, x < 50 ? -20 : 200, 7));
        if (flowers) out.push(s("circle", { class: "blossom", cx: x, cy: top - 2, r: 3 }));
      }
      return out;
    }
    default:
      return [stem("M50 112 C 46 92 54 72 50 50"), leaf(50, 96, -160, 16), leaf(50, 84, -20, 16), leaf(50, 68, -150, 13), leaf(50, 58, -30, 12),
        flowers ? bloom(50, 46, 7) : s("circle", { class: "bud", cx: 50, cy: 48, r: 4 })];
  }
}

/** plantSVG draws one project as its plant type at its growth stage. */
export function plantSVG(p: Pick<Project, "plant_type" | "growth_stage">): SVGElement {
  const scale = stageScale[p.growth_stage] ?? 0.5;
  const body = p.growth_stage === "seed"
    ? [s("ellipse", { class: "soil", cx: 50, cy: 112, rx: 18, ry: 6 }), s("ellipse", { class: "seed", cx: 50, cy: 107, rx: 7, ry: 5 }),
      s("path", { class: "stem", d: "M50 104 Q 52 96 56 94" })]
    : drawKind(p.plant_type, flowering[p.growth_stage]);
  return s("svg", { viewBox: "0 0 100 120", class: `plant-art kind-${p.plant_type} stage-${p.growth_stage}`, "aria-hidden": "true", focusable: "false" },
    s("ellipse", { class: "shadow", cx: 50, cy: 113, rx: 26 * scale + 6, ry: 4 }),
    // The stage's scale is an attribute on the outer group; CSS animates the
    // inner one (a CSS transform would replace the attribute's).
    s("g", { transform: `translate(${50 - 50 * scale} ${112 - 112 * scale}) scale(${scale})` }, s("g", { class: "sway" }, ...body)));
}
