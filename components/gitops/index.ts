export { Flux, FluxArgs, deployKeyOptions, fluxOperatorValues } from "./flux";
export {
    FLUX_COMPONENTS,
    FLUX_OPERATOR_CHART,
    FLUX_OPERATOR_CHART_VERSION,
    FLUX_REGISTRY,
    FLUX_SYNC_SECRET,
    FLUX_VERSION,
    FluxClusterSize,
    FluxInstanceSpecArgs,
    fluxInstanceSpec,
    normalizeRepoPath,
    sopsCreationRules,
} from "./flux-spec";
export { GITHUB_KNOWN_HOSTS, GitSshUrl, knownHostsFor, parseGitSshUrl } from "./known-hosts";
export { GitHubRegistration, githubDeployKeyOptions, githubRegistration, registerDeployKey } from "./github-key";
export {
    FLUX_ALERT,
    FLUX_ALERT_PROVIDER,
    FLUX_EVENT_SOURCE_KINDS,
    FLUX_NOTIFICATIONS,
    FLUX_NOTIFICATION_API_VERSION,
    FLUX_NOTIFICATION_CRDS,
    FluxNotificationArgs,
    fluxNotificationObjects,
    fluxNotificationsSpec,
} from "./notifications";
