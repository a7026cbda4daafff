import type { MockTable } from "./types";

/**
 * Mocked outputs of the apps layer's resources: none beyond the generic metadata echo in mocks.ts and the random
 * mocks in common.ts.
 */
export const apps: MockTable = {
    resources: {},
    calls: {},
};
