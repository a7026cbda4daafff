/** Upper bound for a Helm release that does wait; big charts skip waiting instead (landscape: 320 s for kube-prometheus-stack). */
export const RELEASE_TIMEOUT_SECONDS = 300;

/** Container security context of the restricted Pod Security profile (K2). */
export const RESTRICTED_CONTAINER = {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
};
