// The law applied to one request: decisions cached per (category, operation, customer), and every
// allowed use and every denied attempt collected so that the access log and the disclosure records can be
// written before the response leaves (fail closed: see ./subgraph.ts). This runs for every field of every
// answer, so it allocates as little as it can: one map look-up on the hot path.
import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { GraphQLError, GraphQLResolveInfo, GraphQLObjectType, Kind, SelectionSetNode, getNamedType, isObjectType } from 'graphql';
import { Actor, isAuthority, isThirdParty } from '../auth/actor';
import { AreaId, areaOfMunicipality } from '../law/areas';
import { CategoryName, CATEGORIES, Register, isCategoryName } from '../law/categories';
import type { Classification } from '../law/classification';
import { ConsentTerms, Decision, Operation, decide, mayKnowCustomer } from '../law/rules';
import type { RestrictionTerms } from '../law/data-subject-rights';
import { consentsUnavailable, refusedWrite } from './errors';

/**
 * Loads the home municipality that the register asked keeps for each customer of a batch (null when it
 * keeps none), in the order of the ids: the area rule for officials reads it (../law/areas.ts).
 */
export type MunicipalityBatchLoader = (customerIds: readonly string[]) => Promise<(string | null)[]>;

/** Loads the consents that concern the calling third party, for a batch of customers. */
export type ConsentBatchLoader = (customerIds: readonly string[]) => Promise<ConsentTerms[][]>;

/**
 * Loads the restrictions of processing in force (GDPR art. 18) that the register asked keeps for each
 * customer of a batch, in the order of the ids (../law/data-subject-rights.ts).
 */
export type RestrictionBatchLoader = (customerIds: readonly string[]) => Promise<RestrictionTerms[][]>;

/**
 * Both look-ups an official's decisions read, in one statement (issue 11: each statement costs 0.3-0.7 ms in
 * the embedded database): for each customer of a batch, in the order of the ids, the home municipality the
 * register asked keeps (null when none) and the restrictions of processing in force there.
 */
export type MunicipalityAndRestrictionBatchLoader = (customerIds: readonly string[]) => Promise<{ municipality: string | null; restrictions: RestrictionTerms[] }[]>;

export interface Disclosure {
  customerId: string;
  consentId: string;
  categories: Set<CategoryName>;
  fields: Set<string>;
}

const NO_CUSTOMER = '';
/** A customer id that names nobody: the decision for a look-up that found no customer. */
const NOBODY = '00000000-0000-0000-0000-000000000000';
// Only ids of the stored form reach the log; anything else a caller typed is logged as "no customer".
const CUSTOMER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Whether a group of the access log was allowed or refused (906/2019 § 17: use and attempted use); NOT_MADE: a write
 * allowed and logged before it was made (ALLOWED), which then was not made (unmadeWriteGroups).
 */
export type Outcome = 'ALLOWED' | 'DENIED' | 'NOT_MADE';

/** One access-log row to be: an operation, a set of categories, an outcome and the customers concerned. */
export interface UseGroup { operation: Operation; categories: CategoryName[]; customerIds: string[]; outcome: Outcome }

export class RequestLaw {
  /** `${category}|${operation}` → customer id → decision. */
  private readonly decisions = new Map<string, Map<string, Decision | Promise<Decision>>>();
  private readonly consents?: DataLoader<string, ConsentTerms[]>;
  private readonly areas?: DataLoader<string, AreaId | null>;
  private readonly restrictions?: DataLoader<string, RestrictionTerms[]>;
  /** operation → customer id → categories used. */
  readonly uses: Record<Operation, Map<string, Set<CategoryName>>> = { read: new Map(), write: new Map() };
  /** operation → customer id (NO_CUSTOMER when none) → categories refused: attempts, logged as DENIED. */
  readonly denied: Record<Operation, Map<string, Set<CategoryName>>> = { read: new Map(), write: new Map() };
  /**
   * Customers an official (or the customer) learned to be customers through an allowed CUSTOMER_KEY field
   * (an id, a look-up): logged as a read of CUSTOMER_KEY when nothing else of theirs was read (621/1999 § 24).
   */
  private readonly known = new Set<string>();
  readonly disclosures = new Map<string, Disclosure>();
  private readonly referenced = new Map<string, { customerId: string; consentId: string }>();
  /**
   * The decisions' inputs already read in this request, by customer id (first value known wins): a decision
   * whose inputs are all here is made at once, without a promise, so that the fields of a long list are
   * answered synchronously (issue 11: the promise per field was the law's main cost). Per request only.
   */
  private readonly knownAreas = new Map<string, AreaId | null>();
  private readonly knownRestrictions = new Map<string, RestrictionTerms[]>();
  private readonly knownConsents = new Map<string, ConsentTerms[]>();
  /**
   * For officials: the decision of `${category}|${operation}` by the customer's area, for customers with no
   * consent and no restriction in force (the usual case), made once per request and reused for every such
   * customer (issue 11: on a page of 500 customers the rules ran for every customer and category, the law's
   * largest own cost in the authorities' registers). For an official, `decide` reads of the customer only
   * whether there is one, the area, the consents and the restrictions (../law/rules.ts): with the last two
   * empty, customers of one area get the same decision. Each customer's use or attempt is still recorded
   * by itself (record). Per request only, like every decision here.
   */
  private readonly byArea?: Map<string, Map<AreaId | null | undefined, Decision>>;
  /** Decisions on partner data by category and the partner's area (decideOnPartner). */
  private readonly partnerDecisions = new Map<string, Decision>();
  /** Customer ids seen in this request and whether they are of the stored form (CUSTOMER_ID), tested once each. */
  private readonly wellFormed = new Map<string, boolean>();
  /** The writes logged before they were made, each under the mutation field (its response key) it belongs to. */
  private readonly writesLogged: { field: string; customerId: string; category: CategoryName }[] = [];
  /** The mutation field whose write is being decided or made: root mutation fields run one after another. */
  private writingField = '';
  /** The mutation fields (response keys) whose writes were not made (writeNotMade). */
  private readonly fieldsNotWritten = new Set<string>();
  private readonly thirdParty: boolean;

  constructor(
    readonly actor: Actor,
    loadConsents: ConsentBatchLoader,
    onLookupFailure?: (error: Error) => void,
    /** Writes an access-log entry for a write at once; the write runs only after it is stored. */
    private readonly logWrite?: (customerId: string, categories: CategoryName[]) => Promise<void>,
    /** The subgraph's field classification: names the categories a refused look-up asked for. */
    private readonly classification?: Classification,
    /** The customers' home municipalities in this register; only officials' decisions need them. */
    loadMunicipalities?: MunicipalityBatchLoader,
    /** The restrictions of processing in force in this register, when it keeps any. */
    loadRestrictions?: RestrictionBatchLoader,
    /** Both of the above in one statement: used for officials, whose decisions read both. */
    loadMunicipalitiesAndRestrictions?: MunicipalityAndRestrictionBatchLoader,
    /** The register asked (../law/rules.ts decide: a third party's consent counts by the categories kept here). */
    private readonly register?: Register,
  ) {
    this.thirdParty = isThirdParty(actor);
    if (isAuthority(actor)) this.byArea = new Map();
    if (isAuthority(actor) && loadMunicipalitiesAndRestrictions) {
      // One look-up per customer answers both loaders (still per request: nothing outlives it).
      // Both answers are kept as soon as either is asked, so that every later decision about these customers
      // (any category) is made at once.
      const both = new DataLoader(async (ids: readonly string[]) => {
        const found = await loadMunicipalitiesAndRestrictions(ids);
        remember(this.knownAreas, ids, found.map((t) => areaOfMunicipality(t.municipality)));
        remember(this.knownRestrictions, ids, found.map((t) => t.restrictions));
        return found;
      });
      this.areas = new DataLoader(async (ids) => (await both.loadMany(ids)).map((t) => (t instanceof Error ? t : areaOfMunicipality(t.municipality))));
      this.restrictions = new DataLoader(async (ids) => (await both.loadMany(ids)).map((t) => (t instanceof Error ? t : t.restrictions)));
    } else {
      if (loadRestrictions) this.restrictions = new DataLoader(async (ids) => remember(this.knownRestrictions, ids, await loadRestrictions(ids)));
      if (isAuthority(actor) && loadMunicipalities) {
        this.areas = new DataLoader(async (ids) => remember(this.knownAreas, ids, (await loadMunicipalities(ids)).map(areaOfMunicipality)));
      }
    }
    // Consents matter only for third parties; everybody else is decided without a look-up.
    if (isThirdParty(actor)) {
      this.consents = new DataLoader((ids) => loadConsents(ids).then((found) => remember(this.knownConsents, ids, found), (error) => {
        onLookupFailure?.(error as Error);
        throw error;
      }));
    }
  }

  private consentsOf(customerId: string | undefined): Promise<ConsentTerms[]> | ConsentTerms[] {
    if (!this.consents || !customerId) return [];
    return this.knownConsents.get(customerId) ?? this.consents.load(customerId);
  }

  /**
   * The restrictions in force for the customer, for customer data (structure and logs are never restricted),
   * and for a third party's customer key: a consent whose every category is restricted here lets it learn
   * nothing, not even that the person is a customer (rules.ts, the structure rule).
   */
  private restrictionsOf(category: CategoryName, customerId: string | undefined): Promise<RestrictionTerms[]> | RestrictionTerms[] {
    const kind = CATEGORIES[category].kind;
    const needed = kind === 'customer-data' || (kind === 'structure' && this.thirdParty);
    if (!(this.restrictions && customerId && needed && this.isWellFormed(customerId))) return [];
    return this.knownRestrictions.get(customerId) ?? this.restrictions.load(customerId);
  }

  /** CUSTOMER_ID.test(customerId), tested once per id in this request (it ran for every customer and category). */
  private isWellFormed(customerId: string): boolean {
    let wellFormed = this.wellFormed.get(customerId);
    if (wellFormed === undefined) this.wellFormed.set(customerId, (wellFormed = CUSTOMER_ID.test(customerId)));
    return wellFormed;
  }

  /** The customer's area as this register keeps it (officials only); undefined when not needed. */
  private areaOf(customerId: string | undefined): Promise<AreaId | null> | AreaId | null | undefined {
    if (!isAuthority(this.actor) || !customerId) return undefined;
    if (!this.areas) return null;
    const known = this.knownAreas.get(customerId);
    return known !== undefined ? known : this.areas.load(customerId);
  }

  /**
   * The decision for `category` of `customerId`; the first decision of each pair is also recorded: an
   * allowed one as a use of the customer's data (structure fields alone only mark the customer as known),
   * a denied one as an attempt (logged with outcome DENIED, 906/2019 § 17). Synchronous when its inputs
   * are known in this request (a decision made once, or look-ups already read); otherwise a promise, which
   * the decision replaces in the cache once made. `attemptedOn`: the customer a root field names by its
   * own argument (Query.customer's `id`) where the decision needs none; a refusal is logged as an attempt on
   * them, not on nobody.
   */
  decide(category: CategoryName, customerId: string | undefined, operation: Operation, key = `${category}|${operation}`, attemptedOn?: string): Decision | Promise<Decision> {
    let byCustomer = this.decisions.get(key);
    if (!byCustomer) this.decisions.set(key, (byCustomer = new Map()));
    const cached = byCustomer.get(customerId ?? NO_CUSTOMER);
    if (cached) {
      // The same refusal again (e.g. an alias asking for another customer): an attempt on that one too.
      if (attemptedOn && !(cached instanceof Promise) && !cached.allowed) add(this.denied[operation], attemptedOn, category);
      return cached;
    }
    const consents = this.consentsOf(customerId);
    const area = this.areaOf(customerId);
    const restrictions = this.restrictionsOf(category, customerId);
    // No closure on this path (it runs once per customer and category): only a decision that waits makes one.
    if (Array.isArray(consents) && !(area instanceof Promise) && Array.isArray(restrictions)) {
      const decision = this.record(category, customerId, operation, this.rule(key, category, customerId, operation, consents, area, restrictions), attemptedOn);
      byCustomer.set(customerId ?? NO_CUSTOMER, decision);
      return decision;
    }
    const decision = Promise.all([consents, area, restrictions]).then(([c, a, r]) => {
      const made = this.record(category, customerId, operation, this.rule(key, category, customerId, operation, c, a, r), attemptedOn);
      byCustomer!.set(customerId ?? NO_CUSTOMER, made);
      return made;
    });
    byCustomer.set(customerId ?? NO_CUSTOMER, decision);
    return decision;
  }

  /**
   * The decision on partner data (e.g. EMPLOYER_CUSTOMERS) of a partner in `area` (../law/rules.ts: an official's
   * own area only), made once per area in this request, and recorded for `partnerId` (the partner's record, e.g.
   * an employer customer's id; none for a root list): an allowed one as a use of that record (the partners' contact
   * persons are personal data, and the log shows who read whose: found by outsiders, first only the refusals were
   * logged, then the reads without naming the partner), a denied one as an attempt.
   */
  decideOnPartner(category: CategoryName, area: AreaId | null, partnerId?: string): Decision {
    const key = `${category}|read|${area}`;
    let decision = this.partnerDecisions.get(key);
    if (!decision) this.partnerDecisions.set(key, (decision = decide(this.actor, category, undefined, 'read', [], area, [], this.register)));
    add(decision.allowed ? this.uses.read : this.denied.read, partnerId ?? NO_CUSTOMER, category);
    return decision;
  }

  /**
   * A read of a log (`category`, e.g. ACCESS_LOG) at its root, allowed, whose answer names `customerIds` (null for an
   * entry of no customer): a use of that log for each customer named, or, where it names none, a use without a
   * customer. Reading a log is a view of the customers it names (DOMAIN.md rule 6: views are logged; 906/2019 § 17):
   * found in session 34, an auditor's read by actor or by time named customers and left no trace; one filtered by
   * customer was logged under that customer only (the root field's own decision).
   */
  recordLogRead(category: CategoryName, customerIds: readonly (string | null)[]): void {
    const named = customerIds.filter((id): id is string => Boolean(id));
    if (named.length === 0) add(this.uses.read, NO_CUSTOMER, category);
    for (const id of named) add(this.uses.read, id, category);
  }

  /**
   * The rules' decision (../law/rules.ts decide) for these inputs; for an official about a customer with no
   * consent and no restriction, the one made for the same key and area earlier in this request (byArea).
   */
  private rule(
    key: string, category: CategoryName, customerId: string | undefined, operation: Operation,
    consents: readonly ConsentTerms[], area: AreaId | null | undefined, restrictions: readonly RestrictionTerms[],
  ): Decision {
    if (!this.byArea || customerId === undefined || consents.length > 0 || restrictions.length > 0) {
      return decide(this.actor, category, customerId, operation, consents, area, restrictions, this.register);
    }
    let ofKey = this.byArea.get(key);
    if (!ofKey) this.byArea.set(key, (ofKey = new Map()));
    let decision = ofKey.get(area);
    if (!decision) ofKey.set(area, (decision = decide(this.actor, category, customerId, operation, consents, area, restrictions, this.register)));
    return decision;
  }

  /**
   * Records the first decision of a (category, operation, customer): an allowed one as a use of the customer's
   * data (structure fields alone only mark the customer as known), a denied one as an attempt (on
   * `attemptedOn` when the decision named no customer; never a use of them). Returns it.
   */
  private record(category: CategoryName, customerId: string | undefined, operation: Operation, decision: Decision, attemptedOn?: string): Decision {
    if (!decision.allowed) add(this.denied[operation], customerId || attemptedOn || NO_CUSTOMER, category);
    else if (customerId && (CATEGORIES[category].kind !== 'structure' || decision.consentId)) add(this.uses[operation], customerId, category);
    else if (customerId) this.known.add(customerId);
    return decision;
  }

  /**
   * For a write that touches a second category besides the mutation field's own: it must be allowed
   * for that category too, and is logged under it (906/2019 § 17: changes are logged).
   */
  async requireWrite(category: CategoryName, customerId: string): Promise<void> {
    const decision = await this.decide(category, customerId, 'write');
    if (!decision.allowed) throw refusedWrite(decision);
    await this.logWriteBeforehand(category, customerId);
  }

  /**
   * A refusal the resolver decides after the rules allowed the field (e.g. a restriction placed by another
   * authority): recorded as an attempt, logged with outcome DENIED at the end of the request (906/2019 § 17).
   */
  refused(category: CategoryName, customerId: string | undefined, operation: Operation = 'write'): void {
    add(this.denied[operation], customerId || NO_CUSTOMER, category);
  }

  /**
   * A change is logged before it is made (906/2019 § 17): if the entry cannot be stored, the write does
   * not happen; if it is then not made, a NOT_MADE entry follows at the end of the request (unmadeWriteGroups).
   * Either way no change goes unlogged. `field`: the mutation field's response key (the rule's call; a resolver's
   * second category, requireWrite, belongs to the field being written).
   */
  async logWriteBeforehand(category: CategoryName, customerId: string, field?: string): Promise<void> {
    if (field !== undefined) this.writingField = field;
    if (!this.logWrite) return;
    await this.logWrite(customerId, [category]);
    this.writesLogged.push({ field: this.writingField, customerId, category });
    // Logged already: the entry written at the end of the request leaves it out.
    this.uses.write.get(customerId)?.delete(category);
    if (this.uses.write.get(customerId)?.size === 0) this.uses.write.delete(customerId);
  }

  /**
   * The write of the mutation field `field` (its response key) was not made: its input was refused, it failed before
   * it was committed, or it repeated an earlier request's idempotency key and answered that request's outcome
   * (./idempotency.ts, which alone knows whether the write was committed).
   */
  writeNotMade(field: string, refused = false): void {
    this.fieldsNotWritten.add(field);
    // Refused inside its resolver by a rule the field's own rule does not hold (FORBIDDEN: e.g. an ending of the
    // customership by an official whose authority does not keep the final report): an attempt, logged DENIED beside the
    // NOT_MADE that closes its ALLOWED entry, so that an auditor listing the refused attempts finds it (906/2019 § 17;
    // found by an outsider, session 36: it stood as a write allowed and then not made).
    if (refused) for (const logged of this.writesLogged) if (logged.field === field) add(this.denied.write, logged.customerId, logged.category);
  }

  /**
   * A write of `category` of `customerId` refused inside a resolver by a rule of the law that only the resolver can
   * apply (e.g. who may decide on disclosing an own register's data, seed 000 § 10): an attempt on that category,
   * logged DENIED, so that the log names the data the caller tried to act on, not only the field (906/2019 § 17).
   */
  refusedWriteAttempt(customerId: string, category: CategoryName): void {
    add(this.denied.write, customerId, category);
  }

  /**
   * The writes logged beforehand (ALLOWED) that were then not made (writeNotMade), as NOT_MADE groups, one per category:
   * the log then shows that the change it recorded as allowed did not happen (906/2019 § 17; noticed since session 32:
   * a write refused for its input, e.g. a change of contact details that changed nothing, stood in the log as an
   * allowed write, as did a retry answered from the first request's outcome).
   */
  unmadeWriteGroups(): UseGroup[] {
    const byCategory = new Map<CategoryName, Set<string>>();
    for (const { field, customerId, category } of this.writesLogged) {
      if (!this.fieldsNotWritten.has(field)) continue;
      if (!byCategory.has(category)) byCategory.set(category, new Set());
      byCategory.get(category)!.add(customerId);
    }
    return [...byCategory].map(([category, ids]) => ({ operation: 'write', categories: [category], customerIds: [...ids], outcome: 'NOT_MADE' }));
  }

  /**
   * A root look-up of one person (`customer(id)`, `customerByPersonalIdentityCode`, each of `customersByPersonalIdentityCode`): learning that a person
   * is a customer is itself a use, or for a third party a disclosure (621/1999 § 24; 906/2019 § 17). Decides
   * whether the caller may know `customerId` (undefined when no customer has the code looked up, or the id
   * is not of the stored form) and records the look-up: allowed, as a read of CUSTOMER_KEY; refused, as an
   * attempt naming CUSTOMER_KEY and the categories the selection asked for. A look-up that found nobody
   * is logged without a customer id, and so is a refused look-up by identity code (`byIdentityCode`): its entry
   * would otherwise turn the code into the customer's id for whoever reads the log knowing the code they tried
   * (found by an outsider, session 32: an auditor, refused the look-up, read the id in their own attempt's entry;
   * 621/1999 § 24). The attempt itself, its caller and the categories asked, is logged all the same. The caller
   * records a third party's disclosure once the customer is found (the consent is in the decision). A failed
   * consent look-up throws CONSENTS_UNAVAILABLE.
   */
  async lookUp(customerId: string | undefined, info: GraphQLResolveInfo, { byIdentityCode = false } = {}): Promise<Decision> {
    const id = customerId && CUSTOMER_ID.test(customerId.toLowerCase()) ? customerId.toLowerCase() : undefined;
    let decision: Decision;
    try {
      // Nobody behind the code: the same look-ups all the same, for a stand-in id and started in the same turn
      // as `decide` starts them (consents, area, and for a third party the restrictions in force), so that
      // neither the statements run nor the answer time tell a non-customer from a customer the caller may not
      // know (621/1999 § 24; review 12, M1: without the restrictions a third party's look-up of a customer's
      // code took one statement, ~1-1.7 ms, longer).
      const standIn = randomUUID();
      if (id && byIdentityCode) {
        // Decided as `decide` decides, but a refusal is not recorded under the customer found (below).
        const [consents, area, restrictions] = await Promise.all([this.consentsOf(id), this.areaOf(id), this.restrictionsOf('CUSTOMER_KEY', id)]);
        decision = this.rule('CUSTOMER_KEY|read', 'CUSTOMER_KEY', id, 'read', consents, area, restrictions);
        if (decision.allowed) this.record('CUSTOMER_KEY', id, 'read', decision);
      } else if (id) decision = await this.decide('CUSTOMER_KEY', id, 'read');
      else {
        const [consents, area] = await Promise.all([this.consentsOf(standIn), this.areaOf(standIn), this.restrictionsOf('CUSTOMER_KEY', standIn)]);
        decision = decide(this.actor, 'CUSTOMER_KEY', NOBODY, 'read', consents, area);
      }
    } catch (error) {
      // The register's own database (the customer's area) names itself; anything else was the consents'.
      throw error instanceof GraphQLError ? error : consentsUnavailable();
    }
    if (!decision.allowed) {
      const logged = byIdentityCode ? NO_CUSTOMER : id ?? NO_CUSTOMER;
      add(this.denied.read, logged, 'CUSTOMER_KEY');
      for (const category of this.categoriesAsked(info)) add(this.denied.read, logged, category);
    } else if (id) {
      this.known.add(id);
    } else {
      add(this.uses.read, NO_CUSTOMER, 'CUSTOMER_KEY');
    }
    return decision;
  }

  /**
   * A representation (`_entities`) refused because the caller may not know the customer: the attempt names
   * the categories the selection asked for, besides CUSTOMER_KEY, as a refused root look-up's does
   * (906/2019 § 17; review 8, L2).
   */
  refusedReference(customerId: string, info: GraphQLResolveInfo) {
    for (const category of this.categoriesAsked(info)) add(this.denied.read, customerId, category);
  }

  /** The categories of every field selected below the current field (fragments included; of `_entities`, those on each entity type). */
  private categoriesAsked(info: GraphQLResolveInfo): Set<CategoryName> {
    const found = new Set<CategoryName>();
    if (!this.classification) return found;
    const walk = (type: GraphQLObjectType, selectionSet: SelectionSetNode | undefined, depth: number) => {
      if (!selectionSet || depth > 20) return;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const category = this.classification!.get(`${type.name}.${selection.name.value}`);
          if (category) found.add(category);
          const field = type.getFields()[selection.name.value];
          const named = field && getNamedType(field.type);
          if (named && isObjectType(named)) walk(named, selection.selectionSet, depth + 1);
        } else {
          const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
          const condition = fragment?.typeCondition ? info.schema.getType(fragment.typeCondition.name.value) : type;
          if (fragment && condition && isObjectType(condition)) walk(condition, fragment.selectionSet, depth + 1);
        }
      }
    };
    const returned = getNamedType(info.returnType);
    for (const node of info.fieldNodes) {
      if (isObjectType(returned)) walk(returned, node.selectionSet, 0);
      // `_entities` returns the union `_Entity`: what it asks of each type is in fragments on that type.
      else for (const selection of node.selectionSet?.selections ?? []) {
        if (selection.kind === Kind.FIELD) continue;
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
        const condition = fragment?.typeCondition && info.schema.getType(fragment.typeCondition.name.value);
        if (fragment && condition && isObjectType(condition)) walk(condition, fragment.selectionSet, 1);
      }
    }
    return found;
  }

  /**
   * Would `operation` on `category` of `customerId` be allowed? A question only: nothing is recorded as a
   * use (e.g. may this official decide on a consent covering the category, seed 000 § 10).
   */
  async allows(category: CategoryName, customerId: string, operation: Operation): Promise<boolean> {
    return decide(this.actor, category, customerId, operation, await this.consentsOf(customerId), await this.areaOf(customerId), await this.restrictionsOf(category, customerId), this.register).allowed;
  }

  /**
   * Would the caller's role certificates and area let them read every one of `categories` of the customer, were
   * none of it restricted? Who lifts a restriction of processing must be able to judge the data it covers (GDPR
   * art. 18(3)), as who decides on a consent must be able to read what it covers (seed 000 § 10). A question
   * only: nothing is recorded. Unknown names count as not readable.
   */
  async mayReadUnrestricted(categories: readonly string[], customerId: string): Promise<boolean> {
    const area = await this.areaOf(customerId);
    return categories.every((name) => isCategoryName(name) && decide(this.actor, name, customerId, 'read', [], area, [], this.register).allowed);
  }

  /**
   * The home municipality of a customer whose row this register has just loaded in this request (null for
   * none): the area rule then needs no second look-up of the same data. Per request only, like every
   * decision here; a later call for the same customer changes nothing.
   */
  knowHomeMunicipality(customerId: string, municipality: string | null) {
    if (this.areas) remember(this.knownAreas, [customerId], [areaOfMunicipality(municipality)]);
  }

  /**
   * The restrictions in force (GDPR art. 18) of a customer, read in this request by a statement the register
   * ran anyway (e.g. the caseload's): the rules then need no look-up of their own. Per request only, like
   * knowHomeMunicipality; a later call for the same customer changes nothing.
   */
  knowRestrictions(customerId: string, restrictions: RestrictionTerms[]) {
    if (this.restrictions) remember(this.knownRestrictions, [customerId], [restrictions]);
  }

  /** Secrecy of customership: false both for a person the caller may not see and for a non-customer. */
  async mayKnow(customerId: string): Promise<boolean> {
    return mayKnowCustomer(this.actor, customerId, await this.consentsOf(customerId), await this.areaOf(customerId));
  }

  /** Remembers a field released to a third party under a consent, for the disclosure record. */
  recordDisclosure(customerId: string, consentId: string, category: CategoryName, field: string) {
    const key = `${customerId}|${consentId}`;
    let disclosure = this.disclosures.get(key);
    if (!disclosure) this.disclosures.set(key, (disclosure = { customerId, consentId, categories: new Set(), fields: new Set() }));
    disclosure.categories.add(category);
    disclosure.fields.add(field);
  }

  /**
   * A third party's `_entities` representation resolved under consent `consentId`: the answer tells the
   * caller the person is a customer. Recorded as a disclosure of CUSTOMER_KEY (field `Customer.id`: the key
   * the answer confirmed, a field of every register's schema) unless the request discloses fields of the
   * customer under that consent anyway (disclosureList).
   */
  referencedUnderConsent(customerId: string, consentId: string) {
    this.referenced.set(`${customerId}|${consentId}`, { customerId, consentId });
  }

  /** The disclosures to record for this request (one per customer and consent), references included. */
  disclosureList(): Disclosure[] {
    for (const [key, { customerId, consentId }] of this.referenced) {
      if (!this.disclosures.has(key)) this.recordDisclosure(customerId, consentId, 'CUSTOMER_KEY', 'Customer.id');
    }
    this.referenced.clear();
    return [...this.disclosures.values()];
  }

  /**
   * The uses and the refused attempts of this request grouped by outcome, operation and set of categories:
   * one log entry per group. A customer who was only learned of (an id, a look-up) counts as a read of
   * CUSTOMER_KEY. Attempts without a customer id (a look-up that found nobody, a root list) form groups
   * of their own with no customer ids; an id not of the stored form is logged as no customer.
   */
  useGroups(): UseGroup[] {
    const groups = new Map<string, UseGroup & { ids: Set<string> }>();
    const collect = (outcome: Outcome, operation: Operation, byCustomer: Map<string, Set<CategoryName>>) => {
      for (const [rawId, categories] of byCustomer) {
        const lower = rawId.toLowerCase();
        const customerId = CUSTOMER_ID.test(lower) ? lower : NO_CUSTOMER;
        const sorted = [...categories].sort();
        // A root list of partner data is logged with the partners it answered, not apart (it named them all).
        const apart = customerId === NO_CUSTOMER && !sorted.every((category) => CATEGORIES[category].kind === 'partner');
        const key = `${outcome}|${operation}|${sorted.join(',')}|${apart ? 'none' : ''}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { operation, categories: sorted, customerIds: [], outcome, ids: new Set() }));
        if (customerId !== NO_CUSTOMER) group.ids.add(customerId);
      }
    };
    for (const id of this.known) if (!this.uses.read.has(id)) add(this.uses.read, id, 'CUSTOMER_KEY');
    this.known.clear();
    for (const operation of ['read', 'write'] as const) {
      collect('ALLOWED', operation, this.uses[operation]);
      collect('DENIED', operation, this.denied[operation]);
    }
    return [...groups.values()].map(({ ids, ...group }) => ({ ...group, customerIds: [...ids] }));
  }
}

/** Keeps a batch's answers by id (an Error stays out: the next decision asks again), first value wins. */
function remember<T>(known: Map<string, T>, ids: readonly string[], values: readonly (T | Error)[]): (T | Error)[] {
  values.forEach((value, i) => { if (!(value instanceof Error) && !known.has(ids[i])) known.set(ids[i], value); });
  return values as (T | Error)[];
}

function add(byCustomer: Map<string, Set<CategoryName>>, customerId: string, category: CategoryName) {
  let categories = byCustomer.get(customerId);
  if (!categories) byCustomer.set(customerId, (categories = new Set()));
  categories.add(category);
}
