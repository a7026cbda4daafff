import { MockTable } from "./types";

/** Mocked outputs and invokes of the cluster layer's resources (owned by that layer). */
export const cluster: MockTable = {
    resources: {},
    calls: {},
};
