import { MockTable } from "./types";

/** Mocked outputs and invokes of the data layer's resources (owned by that layer). */
export const data: MockTable = {
    resources: {},
    calls: {},
};
