import { mockSecret } from "../fakes";
import type { MockTable } from "./types";

/** Providers every layer uses (random): one mock for all of them. */
export const common: MockTable = {
    resources: {
        "random:index/randomPassword:RandomPassword": (name, inputs) => ({ result: mockSecret(name, inputs.length ?? 32) }),
        "random:index/randomId:RandomId": () => ({ hex: "0badf00d", b64Url: "C63wDQ", dec: "195948557" }),
    },
    calls: {},
};
