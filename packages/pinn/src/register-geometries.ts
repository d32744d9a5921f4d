import { ball } from "./geometry/ball.js";
import { box, interval, rectangle } from "./geometry/box.js";
import { difference, intersection, union } from "./geometry/csg.js";
import { disk } from "./geometry/disk.js";
import { polygon } from "./geometry/polygon.js";
import { product, timeDomain } from "./geometry/product.js";
import { geometries } from "./registries.js";

geometries.register("interval", interval);
geometries.register("rectangle", rectangle);
geometries.register("box", box);
geometries.register("disk", disk);
geometries.register("ball", ball);
geometries.register("polygon", polygon);
geometries.register("timeDomain", timeDomain);
geometries.register("product", product);
geometries.register("union", union);
geometries.register("difference", difference);
geometries.register("intersection", intersection);
