export {
    ClientVpn,
    ClientVpnArgs,
    DEFAULT_CLIENT,
    SESSION_TIMEOUT_HOURS,
    VPN_PORT,
    VPN_PROTOCOL,
    validateClientVpnArgs,
    vpcResolver,
} from "./client-vpn";
export { OvpnParts, REMOTE_LABEL, buildOvpn, remoteHost } from "./ovpn";
export { VpnPki, caOptions, issueVpnPki } from "./pki";
export { ASSOCIATE_TARGET, OfficeHoursAssociations, OfficeHoursArgs, releaseDefinition } from "./office-hours";
export {
    ReleaseOptions,
    TargetNetwork,
    TargetNetworkApi,
    ec2TargetNetworkApi,
    releaseAssociations,
    releaseCallback,
    releaseHook,
    releaseTarget,
} from "./release";
