// `npm run service-keys`: new service key pairs for the three registers that call the joint register,
// printed as environment settings for a production deployment (README "Configuration"). Give each
// register its own SERVICE_PRIVATE_JWK (a secret: keep it in that register's secret store only), and
// the joint register the three public key sets. Run it again to rotate (the joint register may trust an
// old and a new key at once: put both keys in the set).
import { generateServiceKeyPair } from '../shared/src/auth/service-tokens';
import { AUTHORITIES } from '../shared/src/law/categories';

async function main() {
  for (const register of AUTHORITIES) {
    const { privateJwk, publicJwks } = await generateServiceKeyPair(register);
    process.stdout.write(`# ${register.toLowerCase()} register (secret, for that register's subgraph only)\n`);
    process.stdout.write(`SERVICE_PRIVATE_JWK='${JSON.stringify(privateJwk)}'\n`);
    process.stdout.write(`# for the joint register\n${register}_SERVICE_JWKS='${JSON.stringify(publicJwks)}'\n\n`);
  }
  // The joint register signs its notices of home municipalities to the three registers (issue 10) and the
  // heads of its log chains (shared/src/logs/signing.ts).
  const { privateJwk, publicJwks } = await generateServiceKeyPair('JOINT');
  process.stdout.write(`# joint register (secret, for the joint subgraph only): signs its notices and its log chains\nSERVICE_PRIVATE_JWK='${JSON.stringify(privateJwk)}'\n`);
  process.stdout.write(`# for the employment, wellbeing and Kela registers, and for auditors (npm run verify-logs)\nJOINT_SERVICE_JWKS='${JSON.stringify(publicJwks)}'\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
