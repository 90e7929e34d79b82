#pragma once
// Hopfield network with asynchronous (random sequential) updates (Hopfield 1982, PNAS 79:2554;
// Amit, Gutfreund & Sompolinsky 1987, Ann Phys 173:30):
//
//     s_i <- sign(h_i),   h_i = sum_{j != i} J_ij s_j,   J_ij = (1/N) sum_mu xi_i^mu xi_j^mu
//
// one unit at a time, in a fresh random order every sweep. With symmetric J and no self-coupling
// the energy -1/2 s^T J s never rises, so the dynamics ends in a fixed point: the zero-temperature
// states of the AGS replica theory (capacity alpha_c = 0.138). The field is kept through the
// overlaps m_mu = (1/N) sum_j xi_j^mu s_j, h_i = sum_mu xi_i^mu m_mu - (P/N) s_i: O(P) per update,
// O(N P) per sweep, never the N x N matrix. A zero field keeps s_i (no tie rule needed for odd P).
#include <cstddef>
#include <vector>

namespace lamina::models::rate {

struct hopfield_async {
    const double* xi;  // P x N, row-major, entries +-1
    std::size_t P, N;

    /// Overlaps m_mu of state s (N values).
    std::vector<double> overlaps(const std::vector<double>& s) const {
        std::vector<double> m(P, 0.0);
        for (std::size_t mu = 0; mu < P; ++mu) {
            double a = 0.0;
            for (std::size_t j = 0; j < N; ++j) a += xi[mu * N + j] * s[j];
            m[mu] = a / static_cast<double>(N);
        }
        return m;
    }

    /// Updates unit i of s in place, keeping m in step; returns whether it flipped.
    bool update(std::vector<double>& s, std::vector<double>& m, std::size_t i) const {
        double h = -static_cast<double>(P) / static_cast<double>(N) * s[i];
        for (std::size_t mu = 0; mu < P; ++mu) h += xi[mu * N + i] * m[mu];
        const double next = h > 0.0 ? 1.0 : h < 0.0 ? -1.0 : s[i];
        if (next == s[i]) return false;
        const double d = (next - s[i]) / static_cast<double>(N);
        for (std::size_t mu = 0; mu < P; ++mu) m[mu] += xi[mu * N + i] * d;
        s[i] = next;
        return true;
    }
};

}  // namespace lamina::models::rate
