#pragma once
// Transfer functions of rate units, phi(x) = f(beta (x - theta)), and their derivatives
// phi'(x) = beta f'(beta (x - theta)), which the tangent dynamics (Lyapunov spectra) need.
//   linear    f(z) = z                     f' = 1
//   tanh      f(z) = tanh z                f' = 1 - tanh^2 z   (Sompolinsky, Crisanti & Sommers 1988)
//   relu      f(z) = max(0, z)             f' = 1 if z > 0 else 0
//   sigmoid   f(z) = 1 / (1 + e^-z)        f' = f (1 - f)      (Wilson & Cowan 1972)
//   threshold f(z) = 1 if z > 0 else 0     f' = 0 (a.e.)       (McCulloch & Pitts 1943)
//   sign      f(z) = 1 if z > 0 else -1    f' = 0 (a.e.)       (Hopfield 1982, +-1 units)
// One switch per population and call, outside the per-unit loop: the loops below are plain and
// vectorise.
#include <lamina/rate_network.hpp>

#include "core/vector_tanh.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace lamina::models::rate {

struct phi_params {
    rate_phi kind = rate_phi::tanh;
    double theta = 0.0;
    double beta = 1.0;
};

/// out[i] = phi(x[i]) for i in [0, n).
inline void apply_phi(const phi_params& p, const double* x, double* out, std::size_t n) {
    const double b = p.beta, t = p.theta;
    switch (p.kind) {
    case rate_phi::linear:
        for (std::size_t i = 0; i < n; ++i) out[i] = b * (x[i] - t);
        break;
    case rate_phi::tanh:
        for (std::size_t i = 0; i < n; ++i) out[i] = b * (x[i] - t);
        core::tanh_array(out, out, n);
        break;
    case rate_phi::relu:
        for (std::size_t i = 0; i < n; ++i) out[i] = std::max(0.0, b * (x[i] - t));
        break;
    case rate_phi::sigmoid:
        for (std::size_t i = 0; i < n; ++i) out[i] = 1.0 / (1.0 + std::exp(-b * (x[i] - t)));
        break;
    case rate_phi::threshold:
        for (std::size_t i = 0; i < n; ++i) out[i] = b * (x[i] - t) > 0.0 ? 1.0 : 0.0;
        break;
    case rate_phi::sign:
        for (std::size_t i = 0; i < n; ++i) out[i] = b * (x[i] - t) > 0.0 ? 1.0 : -1.0;
        break;
    }
}

/// out[i] = phi'(x[i]).
inline void apply_phi_derivative(const phi_params& p, const double* x, double* out, std::size_t n) {
    const double b = p.beta, t = p.theta;
    switch (p.kind) {
    case rate_phi::linear:
        for (std::size_t i = 0; i < n; ++i) out[i] = b;
        break;
    case rate_phi::tanh:
#pragma omp simd
        for (std::size_t i = 0; i < n; ++i) {
            const double f = core::tanh_vectorisable(b * (x[i] - t));
            out[i] = b * (1.0 - f * f);
        }
        break;
    case rate_phi::relu:
        for (std::size_t i = 0; i < n; ++i) out[i] = b * (x[i] - t) > 0.0 ? b : 0.0;
        break;
    case rate_phi::sigmoid:
        for (std::size_t i = 0; i < n; ++i) {
            const double f = 1.0 / (1.0 + std::exp(-b * (x[i] - t)));
            out[i] = b * f * (1.0 - f);
        }
        break;
    case rate_phi::threshold:
    case rate_phi::sign:
        for (std::size_t i = 0; i < n; ++i) out[i] = 0.0;
        break;
    }
}

inline const char* phi_name(rate_phi k) {
    switch (k) {
    case rate_phi::linear: return "linear";
    case rate_phi::tanh: return "tanh";
    case rate_phi::relu: return "relu";
    case rate_phi::sigmoid: return "sigmoid";
    case rate_phi::threshold: return "threshold";
    case rate_phi::sign: return "sign";
    }
    return "?";
}

}  // namespace lamina::models::rate
