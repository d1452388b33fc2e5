import Reconcile
import Testing

@Test func reconcileModuleLinks() {
    #expect(String(describing: Reconcile.self) == "Reconcile")
}
