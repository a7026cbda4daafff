export { ClientVpn, ClientVpnArgs, DEFAULT_CLIENT, SESSION_TIMEOUT_HOURS, VPN_PORT, VPN_PROTOCOL, validateClientVpnArgs, vpcResolver } from "./client-vpn";
export { OvpnParts, REMOTE_LABEL, buildOvpn, remoteHost } from "./ovpn";
export { VpnPki, issueVpnPki } from "./pki";
