#pragma once
/// @file
/// Every statistic of the analysis layer (lamina::analysis).
#include <lamina/analysis/avalanches.hpp>
#include <lamina/analysis/branching.hpp>
#include <lamina/analysis/bursts.hpp>
#include <lamina/analysis/dimensionality.hpp>
#include <lamina/analysis/mea.hpp>
#include <lamina/analysis/powerlaw.hpp>
#include <lamina/analysis/rates.hpp>
#include <lamina/analysis/synchrony.hpp>
#include <lamina/analysis/timescales.hpp>
#include <lamina/analysis/variability.hpp>
#include <lamina/spike_statistics.hpp>
