// The representative queries of the product, shared by the tests and the benchmarks.

/** A working official's caseload view: fields from all four registers, nested lists included. */
export const CASELOAD_QUERY = `query Caseload($first: Int, $after: String) {
  caseload(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id firstNames lastName homeMunicipality phoneNumbers
      customership { startedOn youthService }
      responsibleOfficials { authority name }
      serviceNeedAssessment { needsFrom summary }
      employmentPlan { goal nextReviewOn reviews { kind reviewedOn outcome } }
      services { name provider state startsOn }
      meetings { heldAt mode agreed }
      employment {
        jobSeeker { employmentStatus benefitPayer jobSearchStartedOn }
        offers { kind offeredOn title result }
        statements { kind givenOn recipient }
      }
      wellbeing {
        activationPlan { placeName daysPerWeek hoursPerDay nextReviewOn }
        workAbilityAssessments { assessedOn result }
      }
      kela {
        benefits { kind status dailyAmount paymentDaysUsed }
        rehabilitationDecisions { kind decision }
      }
    } }
  }
}`;
