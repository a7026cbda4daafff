import { MockTable } from "./types";

/** Mocked outputs and invokes of the gitops layer's resources (owned by that layer). */
export const gitops: MockTable = {
    resources: {},
    calls: {},
};
