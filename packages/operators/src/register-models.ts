/** Registers the built-in operator models in {@link operatorModels}. */
import { deeponet } from "./models/deeponet.js";
import { fno1d } from "./models/fno1d.js";
import { fno2d } from "./models/fno2d.js";
import { fno3d } from "./models/fno3d.js";
import { physicsInformedDeeponet } from "./models/physics-informed-deeponet.js";
import { podDeeponet } from "./models/pod-deeponet.js";
import { operatorModels } from "./registries.js";

operatorModels.register("fno1d", fno1d);
operatorModels.register("fno2d", fno2d);
operatorModels.register("fno3d", fno3d);
operatorModels.register("deeponet", deeponet);
operatorModels.register("pod-deeponet", podDeeponet);
operatorModels.register("physics-informed-deeponet", physicsInformedDeeponet);
