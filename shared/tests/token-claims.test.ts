// A token's identifiers are read alike, whatever the claim: visible ASCII, at most 200 characters
// (shared/src/auth/tokens.ts actorFromClaims; README: "Identifiers ... of more than 200 characters ... are refused").
import { actorFromClaims, AuthenticationError } from '../src/auth/tokens';

const official = { sub: 'claims-test', org_kind: 'EMPLOYMENT', org_id: 'employment-area-keski-uusimaa', roles: ['EMPLOYMENT_EXPERT'] };

it.each(['sub', 'org_id', 'org_unit'])('takes a %s of 200 characters and refuses one of 201, naming the claim', (claim) => {
  expect(actorFromClaims({ ...official, [claim]: 'u'.repeat(200) } as never)).toMatchObject({ roles: ['EMPLOYMENT_EXPERT'] });
  // Found by an outsider: an org_unit over 100 characters was refused as "malformed", against the README's 200.
  expect(() => actorFromClaims({ ...official, [claim]: 'u'.repeat(201) } as never))
    .toThrow(new AuthenticationError(`token claim ${claim} must be visible ASCII characters (no spaces) and at most 200 characters`));
});

it('refuses an org_unit that is not text', () => {
  expect(() => actorFromClaims({ ...official, org_unit: 42 } as never)).toThrow('token organisation unit is malformed');
});
