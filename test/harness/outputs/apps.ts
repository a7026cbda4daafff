import { MockTable } from "./types";

/** Mocked outputs and invokes of the apps layer's resources (owned by that layer). */
export const apps: MockTable = {
    resources: {},
    calls: {},
};
