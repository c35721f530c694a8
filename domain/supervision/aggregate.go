package supervision

import "sort"

// The indicators aggregate their evidence in two shapes; these helpers hold
// each shape once, so an indicator states only what it groups by, its
// threshold and the flag it raises.

// agencyGroups gathers, on one project, the agencies that share something
// they should not (a client fingerprint, a document's hash).
type agencyGroups map[string]map[int64]bool

func (g agencyGroups) add(key string, agency int64) {
	if g[key] == nil {
		g[key] = map[int64]bool{}
	}
	g[key][agency] = true
}

// sharedGroup is one thing two or more agencies share, with those agencies
// in ID order.
type sharedGroup struct {
	key      string
	agencies []int64
}

// shared lists, in key order, what two or more agencies share.
func (g agencyGroups) shared() []sharedGroup {
	var out []sharedGroup
	for _, k := range sortedKeys(g) {
		if ags := idSet(g[k]); len(ags) >= 2 {
			out = append(out, sharedGroup{k, ags})
		}
	}
	return out
}

// projectTally gathers, per key (a lowest bidder and the winner, an owner
// and an agency), the closed projects on which a history indicator saw its
// pattern, and the regions they lie in.
type projectTally[K comparable] struct {
	projects map[K][]int64
	regions  map[K]map[string]int
}

func newProjectTally[K comparable]() projectTally[K] {
	return projectTally[K]{projects: map[K][]int64{}, regions: map[K]map[string]int{}}
}

func (t projectTally[K]) add(k K, projectID int64, region string) {
	t.projects[k] = append(t.projects[k], projectID)
	if t.regions[k] == nil {
		t.regions[k] = map[string]int{}
	}
	t.regions[k][region]++
}

// flags raises a flag for every key seen on at least min projects, through
// build, which is given the projects and the region most of them lie in and
// may still decline (false); the flags come in key order, so that a rerun
// lists them alike.
func (t projectTally[K]) flags(min int, build func(k K, projects []int64, region string) (RiskFlag, bool)) []RiskFlag {
	var out []RiskFlag
	for k, ps := range t.projects {
		if len(ps) < min {
			continue
		}
		if f, ok := build(k, ps, topRegion(t.regions[k])); ok {
			out = append(out, f)
		}
	}
	sortByKey(out)
	return out
}

func sortByKey(fs []RiskFlag) { sort.Slice(fs, func(i, j int) bool { return fs[i].Key < fs[j].Key }) }

// identitySeverity scores what two agencies share: a legal representative
// alone is weak (a common name), a phone or mailbox strong, each further
// field stronger still.
func identitySeverity(fields []string) int {
	if len(fields) > 1 || fields[0] != "legal_representative" {
		return 80 + 5*(len(fields)-1)
	}
	return 50
}
