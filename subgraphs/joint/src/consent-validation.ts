// What a consent must name to be valid: a third-party recipient type, the categories it covers (only
// categories a consent can cover), one purpose, and a validity period (DOMAIN.md rule 3).
import { DISCLOSURE_PURPOSES, RECIPIENT_TYPES } from '@cg/shared/src/auth/actor';
import { CATEGORIES, CategoryName, isCategoryName } from '@cg/shared/src/law/categories';
import {
  CONSENT_PURPOSES, CONSENT_SCOPE, categoriesBeyondPurpose, purposeFitsRecipient,
} from '@cg/shared/src/law/consents';
import type { DisclosurePurpose, RecipientType } from '@cg/shared/src/auth/actor';
import { invalidInput } from '@cg/shared/src/graphql/errors';
import {
  MAX_NAME, optionalText, requireId, requireNotAfter, requireOneOf, requireOrganisationId, requireWithinYears,
} from '@cg/shared/src/validation';

/** The categories a consent may cover, for the documentation and for validation. */
export const CONSENTABLE_CATEGORIES = (Object.keys(CATEGORIES) as CategoryName[])
  .filter((c) => CATEGORIES[c].consentable && CATEGORIES[c].kind === 'customer-data');

/** A consent can be valid for five years at most. */
const MAX_VALIDITY_YEARS = 5;

function requireCategories(categories: string[]): string[] {
  if (categories.length === 0) throw invalidInput('categories', 'must name at least one data category');
  const unknown = categories.find((c) => !isCategoryName(c) || !CONSENTABLE_CATEGORIES.includes(c));
  if (unknown !== undefined) throw invalidInput('categories', `${unknown.slice(0, 60)} is not a category a consent can cover (${CONSENTABLE_CATEGORIES.join(', ')})`);
  return [...new Set(categories)];
}

/**
 * "Tarpeellisilta osin" (seed 000 § 7): the purpose must be one the recipient type may have, and the
 * categories no more than the purpose needs (shared/src/law/consents.ts). Errors name what is too much.
 */
function requireNeeded(recipientType: string, purpose: string, categories: string[]) {
  if (!purposeFitsRecipient(recipientType, purpose)) {
    throw invalidInput('purpose', `a consent to ${recipientType} may be for ${CONSENT_PURPOSES[recipientType as RecipientType].join(' or ')}, not ${purpose}`);
  }
  const beyond = categoriesBeyondPurpose(purpose, categories);
  if (beyond.length > 0) {
    throw invalidInput('categories', `${beyond.join(', ')} ${beyond.length === 1 ? 'is' : 'are'} more than ${purpose} needs; a consent for it may cover ${CONSENT_SCOPE[purpose as DisclosurePurpose].join(', ')}`);
  }
}

export interface NewConsentInput {
  customerId: string;
  recipientType: string;
  recipientOrganisationId?: string | null;
  recipientOrganisationName?: string | null;
  categories: string[];
  purpose: string;
  validFrom: Date;
  validUntil: Date;
  method: 'IN_WRITING' | 'ELECTRONIC' | 'ORAL_RECORDED';
}

export function validateNewConsent(input: NewConsentInput) {
  // Each date on its own first, so that an impossible date is named, then the two together.
  requireWithinYears('validFrom', input.validFrom, MAX_VALIDITY_YEARS);
  requireWithinYears('validUntil', input.validUntil, MAX_VALIDITY_YEARS);
  requireNotAfter('validFrom', input.validFrom, input.validUntil, 'validUntil');
  const recipientType = requireOneOf('recipientType', input.recipientType, RECIPIENT_TYPES);
  const purpose = requireOneOf('purpose', input.purpose, DISCLOSURE_PURPOSES);
  const categories = requireCategories(input.categories);
  requireNeeded(recipientType, purpose, categories);
  const recipientOrganisationId = input.recipientOrganisationId;
  if (recipientOrganisationId === null || recipientOrganisationId === undefined) {
    throw invalidInput('recipientOrganisationId', 'is required: a specific consent names the organisation it may be given to, not every organisation of a type');
  }
  return {
    customerId: requireId('customerId', input.customerId),
    recipientType,
    // A specific (yksilöity) consent names its recipient (DOMAIN.md rule 3; seed 002 § 7 "asiakkaan yksilöidyllä
    // suostumuksella"): "any employer" is not a recipient the customer can know, so a consent without an
    // organisation is refused, and the rules never read one as covering every organisation of the type.
    recipientOrganisationId: requireOrganisationId('recipientOrganisationId', recipientOrganisationId),
    recipientOrganisationName: optionalText('recipientOrganisationName', input.recipientOrganisationName, MAX_NAME),
    categories,
    purpose,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    method: input.method,
  };
}

export function validateConsentChange(
  current: { validFrom: Date; recipientType: string; purpose: string; categories: string[] },
  input: { categories?: string[] | null; purpose?: string | null; validUntil?: Date | null },
) {
  const data: { categories?: string[]; purpose?: string; validUntil?: Date } = {};
  // Absent (or null) keeps a term; anything given is checked, so that an empty purpose is refused, not ignored.
  if (input.categories !== null && input.categories !== undefined) data.categories = requireCategories(input.categories);
  if (input.purpose !== null && input.purpose !== undefined) data.purpose = requireOneOf('purpose', input.purpose, DISCLOSURE_PURPOSES);
  if (input.validUntil) {
    requireNotAfter('validUntil', current.validFrom, input.validUntil, 'validFrom');
    requireWithinYears('validUntil', input.validUntil, MAX_VALIDITY_YEARS);
    data.validUntil = input.validUntil;
  }
  if (Object.keys(data).length === 0) throw invalidInput('input', 'must change at least one of categories, purpose, validUntil');
  requireNeeded(current.recipientType, data.purpose ?? current.purpose, data.categories ?? current.categories);
  return data;
}
