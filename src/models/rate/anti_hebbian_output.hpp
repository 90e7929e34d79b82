#pragma once
// Output cell of a cerebellum-like structure with anti-Hebbian plasticity (the medium ganglion /
// MG cell of the electrosensory lobe; Bell et al. 1997 Nature 387:278; Kennedy et al. 2014 Nat
// Neurosci 17:416). Rate form of the spike-timing rule, averaged over a command cycle:
//
//     v(t)  = sum_k w_k g_k(t) + s(t)                         output rate deviation (a.u.)
//     Dw_k  = -eta dt sum_t g_k(t) (v(t) - baseline)           per cycle
//
// g_k: granule-cell rates after the motor command; s: the self-generated (reafferent) input.
// Pre-post pairing depresses (the anti-Hebbian term), granule activity alone potentiates (the
// non-associative term eta * baseline * g_k), as measured in vitro (Bell et al. 1997). Why a rate
// rule averaged per cycle: the learning is slow against one cycle (minutes vs ~100 ms), so the
// weights see the cycle-averaged correlation; in this form the fixed point is exactly the
// least-squares cancellation G w* = baseline - s (projected on the basis), and the iteration
// w <- w - eta dt G^T (G w + s - baseline) converges for 0 < eta dt lambda_max(G^T G) < 2.
#include <cstddef>
#include <vector>

namespace lamina::models::rate {

struct anti_hebbian_output {
    std::vector<double> w;    // one weight per granule cell
    double eta = 0.0;         // per (unit^2 ms)
    double baseline = 0.0;

    /// One command cycle: G (T x B, row-major), s (T), dt (ms). Writes v (T) and returns the mean
    /// of (v - baseline)^2 over the cycle (before the update), then applies the cycle's update.
    double cycle(const std::vector<double>& G, const std::vector<double>& s, std::size_t T, double dt,
                 std::vector<double>& v) {
        const std::size_t B = w.size();
        v.assign(T, 0.0);
        double err = 0.0;
        for (std::size_t t = 0; t < T; ++t) {
            double y = s[t];
            for (std::size_t k = 0; k < B; ++k) y += w[k] * G[t * B + k];
            v[t] = y;
            err += (y - baseline) * (y - baseline);
        }
        std::vector<double> dw(B, 0.0);
        for (std::size_t t = 0; t < T; ++t)
            for (std::size_t k = 0; k < B; ++k) dw[k] += G[t * B + k] * (v[t] - baseline);
        for (std::size_t k = 0; k < B; ++k) w[k] -= eta * dt * dw[k];
        return err / static_cast<double>(T);
    }
};

}  // namespace lamina::models::rate
