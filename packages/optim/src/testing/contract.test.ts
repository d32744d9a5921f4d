import { ready } from "@continuum/core-tensor";
import { beforeAll, describe, it } from "vitest";
import {
  askTellContract,
  builtinAskTellRows,
  builtinTransformRows,
  gradientTransformationContract,
} from "./index.js";

beforeAll(async () => {
  await ready();
});

gradientTransformationContract(builtinTransformRows, { describe, it });
askTellContract(builtinAskTellRows, { describe, it });
