// The law applied to one request: decisions cached per (category, customer, operation), and every
// allowed use collected so that the access log and the disclosure records can be written before the
// response leaves (fail closed: see ./subgraph.ts).
import DataLoader from 'dataloader';
import { Actor, isThirdParty } from '../auth/actor';
import { CategoryName, CATEGORIES } from '../law/categories';
import { ConsentTerms, Decision, Operation, decide, mayKnowCustomer } from '../law/rules';

/** Loads the consents that concern the calling third party, for a batch of customers. */
export type ConsentBatchLoader = (customerIds: readonly string[]) => Promise<ConsentTerms[][]>;

export interface UseOfCustomerData {
  customerId: string;
  operation: Operation;
  categories: Set<CategoryName>;
}

export interface Disclosure {
  customerId: string;
  consentId: string;
  categories: Set<CategoryName>;
  fields: Set<string>;
}

export class RequestLaw {
  private readonly decisions = new Map<string, Decision | Promise<Decision>>();
  private readonly consents?: DataLoader<string, ConsentTerms[]>;
  readonly uses = new Map<string, UseOfCustomerData>();
  readonly disclosures = new Map<string, Disclosure>();

  constructor(readonly actor: Actor, loadConsents: ConsentBatchLoader) {
    // Consents matter only for third parties; everybody else is decided without a look-up.
    if (isThirdParty(actor)) this.consents = new DataLoader((ids) => loadConsents(ids));
  }

  private consentsOf(customerId: string | undefined): Promise<ConsentTerms[]> | ConsentTerms[] {
    return this.consents && customerId ? this.consents.load(customerId) : [];
  }

  decide(category: CategoryName, customerId: string | undefined, operation: Operation): Decision | Promise<Decision> {
    const key = `${category}|${customerId ?? ''}|${operation}`;
    let decision = this.decisions.get(key);
    if (!decision) {
      const consents = this.consentsOf(customerId);
      decision = Array.isArray(consents)
        ? decide(this.actor, category, customerId, operation, consents)
        : consents.then((c) => decide(this.actor, category, customerId, operation, c));
      this.decisions.set(key, decision);
    }
    return decision;
  }

  /** Secrecy of customership: false both for a person the caller may not see and for a non-customer. */
  async mayKnow(customerId: string): Promise<boolean> {
    return mayKnowCustomer(this.actor, customerId, await this.consentsOf(customerId));
  }

  /** Remembers an allowed use of customer data, for the access log and the disclosure record. */
  recordUse(customerId: string, category: CategoryName, field: string, operation: Operation, consentId?: string) {
    if (CATEGORIES[category].kind === 'structure') {
      if (!consentId) return;
    }
    const useKey = `${customerId}|${operation}`;
    let use = this.uses.get(useKey);
    if (!use) this.uses.set(useKey, (use = { customerId, operation, categories: new Set() }));
    use.categories.add(category);
    if (consentId) {
      const key = `${customerId}|${consentId}`;
      let disclosure = this.disclosures.get(key);
      if (!disclosure) this.disclosures.set(key, (disclosure = { customerId, consentId, categories: new Set(), fields: new Set() }));
      disclosure.categories.add(category);
      disclosure.fields.add(field);
    }
  }
}
