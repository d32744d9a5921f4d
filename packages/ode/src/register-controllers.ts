import { constantStepSize } from "./controllers/constant.js";
import { pidController } from "./controllers/pid.js";
import { stepSizeControllers } from "./registries.js";

stepSizeControllers.register("pid", pidController);
stepSizeControllers.register("constant", constantStepSize);
