// Production parameters for main.bicep. Nothing secret or tenant-specific is stored here: those
// values are read from the environment when the file is compiled, so
//   `az deployment group create --parameters infra/bicep/main.bicepparam` and
//   `bicep build-params main.bicepparam`
// need MPLP_POSTGRES_ADMIN_PASSWORD and MPLP_POSTGRES_APP_PASSWORD set (the build fails without
// them), and a deployment also needs
// MPLP_AUTH_AUTHORITY (empty fails validation: without an issuer no token would be accepted).
// Optional: MPLP_AUTH_AUDIENCE (default mplp), MPLP_ADMIN_OBJECT_IDS (comma-separated) and, only
// for the one-time database step or an upload, MPLP_OPERATOR_IPS (comma-separated IPv4 addresses
// that the public endpoints of Storage, Key Vault and PostgreSQL then admit; empty keeps them off).
using 'main.bicep'

param name = 'mplp'
param plan = 'FlexConsumption'

param maximumInstanceCount = 100
param instanceMemoryMB = 2048

// Two dedicated vCores and room to grow; storage can be raised later, never lowered.
param postgresSkuName = 'Standard_D2ds_v5'
param postgresSkuTier = 'GeneralPurpose'
param postgresVersion = '16'
param postgresStorageSizeGB = 64
param postgresAdminLogin = 'mplpadmin'
param postgresAdminPassword = readEnvironmentVariable('MPLP_POSTGRES_ADMIN_PASSWORD')
// The app connects as this login, created once with postgres-app-role.sql (docs/deployment.md).
param postgresAppLogin = 'mplp_app'
param postgresAppPassword = readEnvironmentVariable('MPLP_POSTGRES_APP_PASSWORD')

// Public endpoints stay off unless an operator's address is given (the app uses private endpoints).
param operatorIpAddresses = filter(map(split(readEnvironmentVariable('MPLP_OPERATOR_IPS', ''), ','), ip => trim(ip)), ip => !empty(ip))
param allowPublicNetworkAccess = !empty(operatorIpAddresses)

// Entra ID: https://login.microsoftonline.com/<tenant-id>/v2.0, audience = the API app's client id.
param authAuthority = readEnvironmentVariable('MPLP_AUTH_AUTHORITY', '')
param authAudience = readEnvironmentVariable('MPLP_AUTH_AUDIENCE', 'mplp')
param authAdmins = filter(map(split(readEnvironmentVariable('MPLP_ADMIN_OBJECT_IDS', ''), ','), id => trim(id)), id => !empty(id))

param tags = {
  app: 'mplp'
  environment: 'production'
}
