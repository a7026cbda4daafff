import { mockSecret } from "../fakes";
import { MockTable } from "./types";

/**
 * Mocked outputs of the apps layer's resources. Kubernetes objects need nothing beyond the generic metadata echo in
 * mocks.ts. RandomPassword is also in data.ts; it is repeated here (same value) so the apps tests do not depend on
 * another layer's table.
 */
export const apps: MockTable = {
    resources: {
        "random:index/randomPassword:RandomPassword": (name, inputs) => ({ result: mockSecret(name, inputs.length ?? 32) }),
    },
    calls: {},
};
