// Prints a development token for a preset and nothing else:
//   npm run token --silent -- employment-expert
//   npm run token --silent -- customer:<customer id>
//   npm run token --silent -- employer:<organisation id>
import { existsSync } from 'node:fs';
import { actorFromClaims, AuthenticationError, authConfigFromEnv, signDevToken } from '../shared/src/auth/tokens';
import { devPrivateKeyFile } from '../shared/src/auth/config';
import { PRESET_NAMES, UnknownPresetError, presetClaims } from '../shared/src/auth/presets';

async function main() {
  const preset = process.argv[2];
  if (!preset) {
    process.stderr.write(`usage: npm run token --silent -- PRESET\npresets: ${PRESET_NAMES.join(', ')} (customer:ID, <third-party>:ORGID)\n`);
    process.exit(2);
  }
  try {
    const claims = presetClaims(preset);
    // The services' own reading of the claims: a token that every service would refuse is not signed (found by
    // an outsider: `employer:evil org` signed one, with a space in its subject).
    actorFromClaims(claims as never);
    const ttl = process.env.TOKEN_TTL || '8h';
    const config = authConfigFromEnv();
    // No keys there yet: signing makes them, and a system already running with another DATA_DIR refuses the token
    // (found by an outsider, session 27: a mistyped DATA_DIR gave a token and no word why every service refused it).
    const newKeys = !existsSync(devPrivateKeyFile(config.devKeysDir));
    let token: string;
    try {
      token = await signDevToken(config, claims, ttl);
    } catch (error) {
      // A lifetime the services would refuse (signDevToken), or one jose cannot read ('Invalid time period format').
      if (error instanceof AuthenticationError) throw new AuthenticationError(`TOKEN_TTL=${ttl}: ${error.message}`);
      if (error instanceof TypeError) throw new AuthenticationError(`TOKEN_TTL must be a duration such as 30m or 8h, not "${ttl.slice(0, 40)}"`);
      throw error;
    }
    if (newKeys) {
      process.stderr.write(`no development keys were in ${config.devKeysDir}: made new ones. A system already running with another DATA_DIR (or AUTH_DEV_KEYS_DIR) refuses this token; give npm run token the same.\n`);
    }
    process.stdout.write(`${token}\n`);
  } catch (error) {
    if (error instanceof UnknownPresetError || error instanceof AuthenticationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

main();
