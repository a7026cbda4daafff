import { MockTable } from "./types";

/** Mocked outputs and invokes of the edge layer's resources (owned by that layer). */
export const edge: MockTable = {
    resources: {},
    calls: {},
};
