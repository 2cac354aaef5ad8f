import { classifySdl, ClassificationError } from '../src/law/classification';

describe('field classification', () => {
  it('maps every field to its category and puts the category in the description', () => {
    const { classification, typeDefs } = classifySdl(`
      type Query { customer(id: ID!): Customer @category(is: "CUSTOMER_KEY") }
      type Customer { id: ID! @category(is: "CUSTOMER_KEY") "Home town." homeMunicipality: String @category(is: "JOINT_IDENTIFICATION") }
    `);
    expect(Object.fromEntries(classification)).toEqual({
      'Query.customer': 'CUSTOMER_KEY', 'Customer.id': 'CUSTOMER_KEY', 'Customer.homeMunicipality': 'JOINT_IDENTIFICATION',
    });
    const printed = JSON.stringify(typeDefs);
    expect(printed).toContain('Home town.');
    expect(printed).toContain('Category: JOINT_IDENTIFICATION');
    expect(printed).not.toContain('"category"');
  });

  it('refuses a field without a category, naming it', () => {
    expect(() => classifySdl('type Customer { id: ID! @category(is: "CUSTOMER_KEY") secret: String }'))
      .toThrow(new ClassificationError('Customer.secret has no @category: every field must name its legal data category'));
  });

  it('refuses an unknown category', () => {
    expect(() => classifySdl('type Customer { id: ID! @category(is: "WHATEVER") }')).toThrow(ClassificationError);
  });

  it('marks restricted categories in the description', () => {
    const { typeDefs } = classifySdl('type X { h: String @category(is: "JOINT_HEALTH_AND_WORK_CAPACITY") }');
    expect(JSON.stringify(typeDefs)).toContain('Restricted: HEALTH_AND_WORK_CAPACITY');
  });
});
